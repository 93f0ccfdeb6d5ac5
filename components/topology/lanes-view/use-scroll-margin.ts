import { useEffect, useRef, useState } from 'react';

/**
 * A window-scrolled list's distance from the top of the page, for the virtualizer's scrollMargin.
 * Measured after every render, not once: what sits above a list (the trouble bar, banners, the
 * sync progress) comes and goes, and a stale margin puts the drawn window in the wrong place.
 */
export function useScrollMargin<T extends HTMLElement>() {
  const list = useRef<T>(null);
  const [margin, setMargin] = useState(0);
  useEffect(() => {
    const top = list.current?.offsetTop ?? 0;
    setMargin((m) => (m === top ? m : top));
  });
  return { list, margin };
}
