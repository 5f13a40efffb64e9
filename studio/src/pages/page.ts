// What every page function returns: its content, and what to undo when the user leaves it.

/** A rendered page. */
export interface Page {
  title: string;
  node: Node;
  /** Called once the node is in the document. */
  mounted?(): void;
  destroy?(): void;
}
