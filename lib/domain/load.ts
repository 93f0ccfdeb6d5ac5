// The sandbox's load model: how busy a workload is, set on its Deployment by annotations.
//
// - `sandbox.nodelanes.dev/load-curve: low=0.8,high=6,period=60m` — the workload's total CPU
//   demand, in pods' worth of its CPU request, swings from `low` to `high` and back once per
//   `period` of simulated time, starting low when the Deployment was created. The demand is
//   shared by the pods that run, so more replicas each use less (what lets an HPA settle).
//   `shape=step` makes it a working day instead of a wave: low in the first and last quarter of
//   the period, high in the middle half, with nothing in between.
// - `sandbox.nodelanes.dev/load: 2.5` — a knob that multiplies the workload's load (with a curve,
//   its demand; without one, each pod's usage), to push an HPA up or let it down by hand.
// Without either annotation a pod keeps its own steady share of its request (usage.ts).

export const LOAD_ANNOTATION = 'sandbox.nodelanes.dev/load';
export const LOAD_CURVE_ANNOTATION = 'sandbox.nodelanes.dev/load-curve';

export interface LoadCurve {
  low: number;
  high: number;
  periodSeconds: number;
  shape: 'wave' | 'step';
}

export interface WorkloadLoad {
  multiplier: number;
  curve?: LoadCurve;
  /** Epoch seconds the curve starts from (its low point). */
  startSeconds: number;
}

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `low=0.8,high=6,period=60m`, or undefined when malformed (a bad annotation changes nothing). */
export function parseLoadCurve(text: string | undefined): LoadCurve | undefined {
  if (!text) return undefined;
  const fields = new Map(text.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const low = Number(fields.get('low'));
  const high = Number(fields.get('high'));
  const period = DURATION.exec(fields.get('period') ?? '');
  const shape = fields.get('shape') ?? 'wave';
  if (!(low >= 0) || !(high >= low) || !period || (shape !== 'wave' && shape !== 'step')) return undefined;
  const periodSeconds = Number(period[1]) * UNIT_SECONDS[period[2]];
  return periodSeconds > 0 ? { low, high, periodSeconds, shape } : undefined;
}

/** The knob's multiplier: a non-negative number, 1 when absent or malformed. */
export function parseLoadMultiplier(text: string | undefined): number {
  const n = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : 1;
}

export function workloadLoad(annotations: Record<string, string> | undefined, createdAt: string | undefined): WorkloadLoad {
  return {
    multiplier: parseLoadMultiplier(annotations?.[LOAD_ANNOTATION]),
    curve: parseLoadCurve(annotations?.[LOAD_CURVE_ANNOTATION]),
    startSeconds: createdAt ? Date.parse(createdAt) / 1000 : 0,
  };
}

/** The curve's value `seconds` after its start: low, rising to high at half a period, low again. */
export function curveAt(curve: LoadCurve, seconds: number): number {
  if (curve.shape === 'step') {
    const phase = (((seconds / curve.periodSeconds) % 1) + 1) % 1;
    return phase >= 0.25 && phase < 0.75 ? curve.high : curve.low;
  }
  const phase = (1 - Math.cos((2 * Math.PI * seconds) / curve.periodSeconds)) / 2;
  return curve.low + (curve.high - curve.low) * phase;
}

/**
 * The share of its CPU request each of `running` pods uses at `atSeconds` under a curve (the
 * demand split evenly), or undefined for a workload without one.
 */
export function curveShare(load: WorkloadLoad, running: number, atSeconds: number): number | undefined {
  if (!load.curve || running <= 0) return undefined;
  return (curveAt(load.curve, atSeconds - load.startSeconds) * load.multiplier) / running;
}
