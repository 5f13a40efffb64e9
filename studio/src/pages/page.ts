// What every page function returns: its content, and what to undo when the user leaves it.

/** A rendered page. */
export interface Page {
  /** Document title (without the app name). */
  title: string;
  /** The content, put into <main>. */
  node: Node;
  /** Called once the node is in the document. */
  mounted?(): void;
  /** Called when the user leaves the page. */
  destroy?(): void;
}
