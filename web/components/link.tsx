import type { ComponentChildren } from 'preact';

export type Navigate = (path: string) => void;

interface Props {
  href: string;
  navigate: Navigate;
  class?: string;
  title?: string;
  children: ComponentChildren;
}

/** An in-app link: a plain click navigates without reload; ctrl/cmd/middle click still opens a tab. */
export function Link({ href, navigate, class: cls, title, children }: Props) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={cls} title={title} onClick={onClick}>
      {children}
    </a>
  );
}

export const binPath = (id: string): string => `/b/${encodeURIComponent(id)}`;
