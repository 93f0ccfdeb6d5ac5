import { describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import { workloadTemplateOf } from './plan';

describe('workloadTemplateOf', () => {
  it("reads the template's required node affinity with the domain's one reader (matchFields, empty terms)", () => {
    const d: V1Deployment = {
      metadata: { namespace: 'apps', name: 'api' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            containers: [{ name: 'api', image: 'api' }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['i-0abc'] }] }, {}],
                },
              },
            },
          },
        },
      },
    };
    expect(workloadTemplateOf(d).affinityTerms).toEqual([[{ key: 'metadata.name', operator: 'NotIn', values: ['i-0abc'], field: true }], []]);
  });
});
