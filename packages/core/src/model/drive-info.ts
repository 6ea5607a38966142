/** Storage quota in bytes; any number the provider does not report is absent. */
export interface Quota {
  readonly total?: number;
  readonly used?: number;
  readonly remaining?: number;
  readonly trashed?: number;
}

/** The account or drive behind a Drive. */
export interface DriveInfo {
  readonly id: string;
  readonly name?: string;
  readonly driveType?: string;
  readonly owner?: { readonly id?: string; readonly name?: string; readonly email?: string };
  readonly quota?: Quota;
  readonly raw?: unknown;
}
