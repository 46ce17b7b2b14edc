import type { MouseEvent, ReactNode } from "react";

/**
 * The first Tab stop, for keyboard users. It moves focus itself: following a `#id` link would replace
 * the `#/apps/<slug>` route in the location hash.
 */
export function SkipLink({ targetId, children }: { targetId: string; children: ReactNode }) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    document.getElementById(targetId)?.focus();
  }
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={onClick}>
      {children}
    </a>
  );
}
