import type { ClusterAccess } from '@/lib/client/use-access';
import { UserIdentity } from './user-identity';

/** The user may list neither nodes nor pods anywhere in the cluster. */
export function NothingVisible({ access, cluster }: { access: ClusterAccess; cluster: string }) {
  return (
    <div data-testid="nothing-visible" className="rounded-xl border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-semibold">Nothing in “{cluster}” is visible to you</p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        The cluster&apos;s RBAC lets <UserIdentity access={access} /> list neither nodes nor pods in any namespace. Ask a cluster administrator for a
        RoleBinding if you need to see workloads here.
      </p>
    </div>
  );
}
