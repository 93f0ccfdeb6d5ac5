// Path parameters of the action routes, validated before anything reaches a cluster: names are
// RFC 1123 (what the API server would accept anyway), so traversal (`..`, `%2F`), control
// characters and over-long values stop here with a 400.

import { z } from 'zod';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '@/lib/domain/label-selector';
import { clusterParam } from '../route';

const fromErrors = (errors: (value: string) => string[]) => (value: string, ctx: z.RefinementCtx) => {
  for (const message of errors(value)) ctx.addIssue({ code: 'custom', message });
};

export const namespaceName = z.string().max(63).superRefine(fromErrors(dns1123LabelErrors));
export const objectName = z.string().max(253).superRefine(fromErrors(dns1123SubdomainErrors));

export const deploymentParams = clusterParam.extend({ namespace: namespaceName, name: objectName });
export const nodeParams = clusterParam.extend({ name: objectName });
