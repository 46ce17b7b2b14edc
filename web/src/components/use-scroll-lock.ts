import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Within this many pixels of the end counts as reading the latest. */
const AT_END_SLACK_PX = 48;

function atEnd(element: HTMLElement): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight <= AT_END_SLACK_PX;
}

/**
 * Keeps a scrolling log at its end while the user is there, and leaves it where they put it once
 * they scroll up: a growing answer no longer pulls them back. `behind` says that newer content is
 * out of view (for a "jump to latest" button); `jumpToLatest` goes there and follows again.
 */
export function useScrollLock(log: RefObject<HTMLElement | null>, contentKey: unknown) {
  const following = useRef(true);
  const [behind, setBehind] = useState(false);

  const onScroll = useCallback(() => {
    const element = log.current;
    if (!element) return;
    following.current = atEnd(element);
    setBehind(!following.current);
  }, [log]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs whenever the content changes
  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    if (following.current) element.scrollTop = element.scrollHeight;
    else setBehind(!atEnd(element));
  }, [log, contentKey]);

  useEffect(() => {
    const element = log.current;
    element?.addEventListener("scroll", onScroll, { passive: true });
    return () => element?.removeEventListener("scroll", onScroll);
  }, [log, onScroll]);

  const jumpToLatest = useCallback(() => {
    const element = log.current;
    if (!element) return;
    following.current = true;
    setBehind(false);
    element.scrollTop = element.scrollHeight;
  }, [log]);

  return { behind, jumpToLatest };
}
