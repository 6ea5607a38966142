/** A Graph collection page: items, and the link to the next page or, for delta, the next round. */
export interface ItemPage<T> {
  readonly value?: readonly T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}
