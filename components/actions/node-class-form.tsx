'use client';
// The guided "new node class" flow: an Auto Mode NodeClass and the NodePool that uses it, in one
// form. Preview runs the server's preflight and a dry run of both objects and shows the YAML and
// the kubectl equivalent; Create is offered only for the previewed form, then the live view
// follows the new pool.
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { CheckedFormLayout } from './checked-form-layout';
import { FindingList } from './finding-list';
import { NodeClassFields, NodeClassPoolFields } from './node-class-fields';
import { INITIAL_NODE_CLASS_FORM, nodeClassIntentOf, type NodeClassFormState } from '@/lib/domain/node-class-form';
import type { Finding } from '@/lib/domain/node-class';
import { useTopology } from '@/lib/client/use-topology';
import { useAccess } from '@/lib/client/use-access';
import { postJson } from '@/lib/client/query-client';
import { useCheckedSubmit } from '@/lib/client/use-checked-submit';
import { CodeBlock } from '@/components/ui/copy-button';
import { ActionError, AnswerPlaceholder, CHECK_BUTTON_CLASS, COMMIT_BUTTON_CLASS } from '@/components/ui/form';

interface Preview {
  findings: Finding[];
  yaml: string;
  kubectl: string;
  activityId: string;
}

export function NodeClassForm({ cluster }: { cluster: string }) {
  const router = useRouter();
  const { data, stale } = useTopology(cluster);
  const access = useAccess(cluster).data;
  const [form, setForm] = useState<NodeClassFormState>(INITIAL_NODE_CLASS_FORM);

  const defaultRole = data?.nodeClasses.find((c) => c.name === 'default')?.role ?? 'AmazonEKSAutoNodeRole';
  const intent = useMemo(() => nodeClassIntentOf(form, defaultRole), [form, defaultRole]);
  const fingerprint = JSON.stringify(intent);
  const { current: previewed, busy, errors, failure, run, remember } = useCheckedSubmit<'preview' | 'create', Preview>(fingerprint);
  const mayCreate = !access || (access.capabilities.createNodeClasses && access.capabilities.createNodePools);
  const set = <K extends keyof NodeClassFormState>(key: K, value: NodeClassFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const send = (dryRun: boolean) =>
    run(dryRun ? 'preview' : 'create', async () => {
      const result = await postJson<Preview>(`/api/clusters/${encodeURIComponent(cluster)}/node-classes`, { ...intent, dryRun });
      if (dryRun) remember(fingerprint, result);
      else router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${result.activityId}`);
    });

  const fields = (
    <>
      <NodeClassFields form={form} set={set} errors={errors} defaultRole={defaultRole} />
      <NodeClassPoolFields form={form} set={set} errors={errors} poolName={intent.nodePool.name} onPolicyChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
    </>
  );
  return (
    <CheckedFormLayout
      onCheck={() => void send(true)}
      fields={fields}
      answer={
        <>
          <div className="flex gap-3">
            <button type="submit" disabled={busy !== undefined || !form.name} className={CHECK_BUTTON_CLASS}>
              {busy === 'preview' ? 'Checking…' : 'Preview (dry run)'}
            </button>
            {mayCreate && (
              <button
                type="button"
                data-testid="create-node-class"
                onClick={() => send(false)}
                disabled={!previewed || busy !== undefined || stale}
                title={!previewed ? 'Preview the current form first' : undefined}
                className={COMMIT_BUTTON_CLASS}
              >
                {busy === 'create' ? 'Creating…' : 'Create NodeClass and NodePool'}
              </button>
            )}
          </div>
          {!mayCreate && <p className="text-sm text-amber-800">The cluster&apos;s RBAC does not let you create NodeClasses and NodePools.</p>}
          {stale && <p className="text-sm text-amber-800">The data is stale (reconnecting): creating waits until it is fresh.</p>}
          {failure && <ActionError message={failure.message} />}
          {previewed ? (
            <NodeClassPreview preview={previewed} name={form.name} />
          ) : (
            <AnswerPlaceholder>
              Preview shows the NodeClass and NodePool as YAML, what the checks found, and the kubectl command for GitOps — nothing is created until you press Create.
            </AnswerPlaceholder>
          )}
        </>
      }
    />
  );
}

/** The previewed form: what the checks found, both objects as YAML and the kubectl equivalent. */
function NodeClassPreview({ preview, name }: { preview: Preview; name: string }) {
  return (
    <div className="space-y-3" data-testid="node-class-preview">
      {preview.findings.length > 0 && <FindingList findings={preview.findings} />}
      <p className="text-sm text-emerald-700 dark:text-emerald-300">The API server accepted both objects in a dry run.</p>
      <CodeBlock label={`${name}.yaml`} text={preview.yaml} download={`${name}.yaml`} />
      <CodeBlock label="kubectl equivalent" text={preview.kubectl} />
    </div>
  );
}
