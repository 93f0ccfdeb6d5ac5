// An HPA's metrics against their targets in words, as `kubectl get hpa` prints TARGETS
// (formatHPAMetrics): `cpu: 45%/60%`, `<unknown>` until the controller has read a metric, at
// most two shown then `+ N more...`. The dashboard's deployment panel shows the same text.

interface Quantityish {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}
export interface HpaMetricSpec {
  type?: string;
  resource?: { name?: string; target?: Quantityish & { type?: string } };
  containerResource?: { name?: string; container?: string; target?: Quantityish & { type?: string } };
  pods?: { metric?: { name?: string }; target?: Quantityish };
  object?: { metric?: { name?: string }; target?: Quantityish & { type?: string } };
  external?: { metric?: { name?: string }; target?: Quantityish & { type?: string } };
}
export interface HpaMetricStatus {
  type?: string;
  resource?: { current?: Quantityish };
  containerResource?: { current?: Quantityish };
  pods?: { current?: Quantityish };
  object?: { current?: Quantityish };
  external?: { current?: Quantityish };
}

const SHOWN = 2;
const or = (v: string | undefined) => v ?? '<unknown>';

function resourceText(name: string | undefined, target: (Quantityish & { type?: string }) | undefined, current: Quantityish | undefined): string {
  if (target?.averageValue !== undefined) return `${name}: ${or(current?.averageValue)}/${target.averageValue}`;
  const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const goal = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${now}/${goal}`;
}

function metricText(spec: HpaMetricSpec, status: HpaMetricStatus | undefined): string {
  switch (spec.type) {
    case 'Resource':
      return resourceText(spec.resource?.name, spec.resource?.target, status?.resource?.current);
    case 'ContainerResource':
      return resourceText(`${spec.containerResource?.name} of container "${spec.containerResource?.container}"`, spec.containerResource?.target, status?.containerResource?.current);
    case 'Pods':
      return `${spec.pods?.metric?.name}: ${or(status?.pods?.current?.averageValue)}/${spec.pods?.target?.averageValue}`;
    case 'Object':
      return spec.object?.target?.averageValue !== undefined
        ? `${spec.object?.metric?.name}: ${or(status?.object?.current?.averageValue)}/${spec.object.target.averageValue} (avg)`
        : `${spec.object?.metric?.name}: ${or(status?.object?.current?.value)}/${spec.object?.target?.value}`;
    case 'External':
      return spec.external?.target?.averageValue !== undefined
        ? `${spec.external?.metric?.name}: ${or(status?.external?.current?.averageValue)}/${spec.external.target.averageValue} (avg)`
        : `${spec.external?.metric?.name}: ${or(status?.external?.current?.value)}/${spec.external?.target?.value}`;
    default:
      return '<unknown type>';
  }
}

export function hpaTargets(metrics: readonly HpaMetricSpec[] | undefined, current: readonly HpaMetricStatus[] | undefined): string {
  const list = (metrics ?? []).map((m, i) => metricText(m, current?.[i]));
  if (list.length === 0) return '<none>';
  const shown = list.slice(0, SHOWN).join(', ');
  return list.length > SHOWN ? `${shown} + ${list.length - SHOWN} more...` : shown;
}
