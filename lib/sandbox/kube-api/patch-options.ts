// PatchOptions as the apiserver validates them before looking at the object: `force` belongs to
// server-side apply alone (any value, even `force=false`, is refused on other patches), and an
// apply must name its field manager.
import { ApiError, type StatusCause } from '../errors';

export const APPLY_PATCH = 'application/apply-patch+yaml';

export function checkPatchOptions(q: URLSearchParams, contentType: string) {
  const cause: StatusCause | undefined =
    contentType === APPLY_PATCH
      ? q.get('fieldManager')
        ? undefined
        : { reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }
      : q.has('force')
        ? { reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }
        : undefined;
  if (!cause) return;
  throw new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: ${cause.field}: ${cause.message}`, { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [cause] });
}
