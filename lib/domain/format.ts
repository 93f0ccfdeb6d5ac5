// How quantities read in the UI: the way kubectl and the Kubernetes docs write them, so that what
// a platform engineer sees here matches what they type (cpu in cores or millicores, memory in
// binary units, ages like `kubectl get`'s AGE column).

/** 250 → "250m", 1000 → "1", 1500 → "1.5", 2250 → "2.25". */
export function formatCpu(millis: number): string {
  if (!Number.isFinite(millis) || millis <= 0) return '0';
  if (millis < 1000) return `${Math.round(millis)}m`;
  return trimZeros((millis / 1000).toFixed(2));
}

const BINARY_UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Binary units, up to one decimal: 536870912 → "512Mi", 1610612736 → "1.5Gi", 999 → "999". */
export function formatMemory(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0';
  if (bytes < 1024) return String(Math.round(bytes));
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // "1024Mi" would read oddly where the next unit up gives a clean "1Gi".
  if (Number((value).toFixed(1)) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trimZeros(value.toFixed(value >= 100 ? 0 : 1))}${BINARY_UNITS[unit]}`;
}

/** 0.423 → "42%"; values over 1 show as they are (overcommit is worth seeing). */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0%';
  const pct = ratio * 100;
  // A nearly idle node should not read as exactly empty.
  if (pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

/** Hourly cost in USD as an estimate: 0.1728 → "$0.173/h". */
export function formatHourlyCost(usdPerHour: number): string {
  if (!Number.isFinite(usdPerHour) || usdPerHour <= 0) return '$0/h';
  return `$${usdPerHour < 10 ? trimZeros(usdPerHour.toFixed(3)) : usdPerHour.toFixed(0)}/h`;
}

/** The same estimate per month (730 hours, AWS's own convention): 0.1728 → "$126/mo". */
export function formatMonthlyCost(usdPerHour: number): string {
  const monthly = Number.isFinite(usdPerHour) && usdPerHour > 0 ? usdPerHour * 730 : 0;
  return `$${monthly < 10 ? trimZeros(monthly.toFixed(2)) : Math.round(monthly).toLocaleString('en-US')}/mo`;
}

/**
 * kubectl's AGE column (HumanDuration in k8s.io/apimachinery): "45s", "3m12s", "25m", "5h7m",
 * "30h", "3d4h", "120d", "2y30d", "9y". A timestamp in the future (clock skew) reads "0s".
 */
export function formatAge(createdAt: string | Date, now: Date | number = Date.now()): string {
  const from = createdAt instanceof Date ? createdAt.getTime() : Date.parse(createdAt);
  const to = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(from)) return '<unknown>';
  const seconds = Math.max(0, Math.floor((to - from) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  const hours = Math.floor(seconds / 3600);
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (days < 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
