'use client';
// The "new managed node group" flow: one CreateNodegroup call to the EKS API. EKS has no dry
// run, so Check runs the server's validation and preflight only and shows the request, the
// eksctl command and config; Create is offered only for the checked form, then the node groups
// page follows the group until its nodes have joined.
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { CheckedFormLayout } from './checked-form-layout';
import { FindingList } from './finding-list';
import { NodegroupFields } from './nodegroup-fields';
import { INITIAL_NODEGROUP_FORM, nodegroupIntentOf, type NodegroupFormState } from './nodegroup-form-state';
import type { Finding } from '@/lib/domain/node-class';
import { useAccess } from '@/lib/client/use-access';
import { postJson } from '@/lib/client/query-client';
import { useCheckedSubmit } from '@/lib/client/use-checked-submit';
import { CodeBlock } from '@/components/ui/copy-button';
import { ActionError, AnswerPlaceholder, CHECK_BUTTON_CLASS, COMMIT_BUTTON_CLASS } from '@/components/ui/form';

interface CheckResult {
  findings: Finding[];
  request: unknown;
  eksctl: { command: string; config: string; fileName: string; note?: string };
}

export function NodegroupForm({ cluster }: { cluster: string }) {
  const router = useRouter();
  const access = useAccess(cluster).data;
  const [form, setForm] = useState<NodegroupFormState>(INITIAL_NODEGROUP_FORM);

  const intent = useMemo(() => nodegroupIntentOf(form), [form]);
  const fingerprint = JSON.stringify(intent);
  const { current, busy, errors, failure, run, remember } = useCheckedSubmit<'check' | 'create', CheckResult>(fingerprint);
  // The server asks the same question (create nodepools.karpenter.sh) before calling EKS.
  const mayCreate = !access || access.capabilities.createNodePools;
  const set = <K extends keyof NodegroupFormState>(key: K, value: NodegroupFormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const send = (dryRun: boolean) =>
    run(dryRun ? 'check' : 'create', async () => {
      const result = await postJson<CheckResult>(`/api/clusters/${encodeURIComponent(cluster)}/nodegroups`, { ...intent, dryRun });
      if (dryRun) remember(fingerprint, result);
      else router.push(`/clusters/${encodeURIComponent(cluster)}/nodegroups?created=${encodeURIComponent(form.name)}`);
    });

  return (
    <CheckedFormLayout
      onCheck={() => void send(true)}
      fields={<NodegroupFields form={form} set={set} errors={errors} />}
      answer={
        <>
          <div className="flex gap-3">
            <button type="submit" disabled={busy !== undefined || !form.name} className={CHECK_BUTTON_CLASS}>
              {busy === 'check' ? 'Checking…' : 'Check (dry run)'}
            </button>
            {mayCreate && (
              <button
                type="button"
                data-testid="create-nodegroup"
                onClick={() => send(false)}
                disabled={!current || busy !== undefined}
                title={!current ? 'Check the current form first' : undefined}
                className={COMMIT_BUTTON_CLASS}
              >
                {busy === 'create' ? 'Creating…' : 'Create node group'}
              </button>
            )}
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            EKS has no dry run: Check validates the form and runs the dashboard&apos;s preflight (instance types, sizes, name) without calling EKS. EKS itself judges the request only
            when you press Create.
          </p>
          {!mayCreate && (
            <p className="text-sm text-amber-800 dark:text-amber-200">
              Node groups are created with the dashboard&apos;s AWS credentials, so only users the cluster&apos;s RBAC lets create NodePools (platform operators) may create them.
            </p>
          )}
          {failure && <ActionError message={failure.message} />}
          {current ? (
            <NodegroupCheckAnswer result={current} />
          ) : (
            <AnswerPlaceholder>
              Check shows what the preflight found, the eksctl command and config file, and the exact CreateNodegroup request — nothing is created until you press Create.
            </AnswerPlaceholder>
          )}
        </>
      }
    />
  );
}

/** The checked form: what the preflight found, the eksctl equivalent and the request EKS will get. */
function NodegroupCheckAnswer({ result }: { result: CheckResult }) {
  return (
    <div className="space-y-3" data-testid="nodegroup-preview">
      <FindingList findings={result.findings} />
      <p className="text-sm text-emerald-700 dark:text-emerald-300">The checks passed. Nothing has been sent to EKS yet.</p>
      <CodeBlock label="eksctl equivalent" text={result.eksctl.command} />
      {result.eksctl.note && <p className="text-xs text-slate-600 dark:text-slate-300">{result.eksctl.note}</p>}
      <CodeBlock label={result.eksctl.fileName} text={result.eksctl.config} download={result.eksctl.fileName} />
      <CodeBlock label="CreateNodegroup request" text={JSON.stringify(result.request, null, 2)} />
    </div>
  );
}
