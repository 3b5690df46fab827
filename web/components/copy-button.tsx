import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../clipboard.js';

interface Props {
  /** The text, or a function computing it on click (curl commands are built lazily). */
  text: string | (() => string);
  label?: string;
  title?: string;
  class?: string;
}

export function CopyButton({ text, label = 'Copy', title, class: extra = '' }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const onClick = async (e: MouseEvent) => {
    e.stopPropagation();
    const ok = await copyText(typeof text === 'function' ? text() : text);
    setState(ok ? 'copied' : 'failed');
  };
  return (
    <button type="button" class={`btn btn-small copy ${state} ${extra}`} title={title ?? label} onClick={onClick}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
