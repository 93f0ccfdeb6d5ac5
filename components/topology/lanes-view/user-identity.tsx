import type { ClusterAccess } from '@/lib/client/use-access';

/** Whose rights these are, in words: the groups decide what the cluster's RBAC allows. */
export function UserIdentity({ access }: { access: ClusterAccess }) {
  return (
    <>
      <strong>{access.user.name}</strong>
      {access.user.groups.length > 0 && <> (groups {access.user.groups.join(', ')})</>}
    </>
  );
}
