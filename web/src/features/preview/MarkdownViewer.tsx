import Markdown from 'react-markdown';

/**
 * Markdown rendered to React elements, never to an HTML string: raw HTML in the file is dropped
 * (react-markdown's default), and link URLs pass its safe-protocol filter (no javascript:).
 */
export default function MarkdownViewer({ text }: { text: string }) {
  return (
    <article className="markdown-preview" tabIndex={0} aria-label="Rendered Markdown">
      <Markdown>{text}</Markdown>
    </article>
  );
}
