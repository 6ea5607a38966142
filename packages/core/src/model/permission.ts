/** Who a permission is for. */
export type GranteeType = 'user' | 'group' | 'domain' | 'anyone';

/** What a permission allows, from most to least. */
export type Role = 'owner' | 'writer' | 'reader';

/** One grant of access to an item, normalised across providers. */
export interface Permission {
  readonly id: string;
  readonly type: GranteeType;
  readonly role: Role;
  readonly email?: string;
  readonly domain?: string;
  readonly displayName?: string;
  /** Set when the permission is a sharing link. */
  readonly link?: { readonly url: string; readonly scope: LinkScope };
  readonly expiresAt?: Date;
  readonly inherited?: boolean;
  readonly raw?: unknown;
}

/** Who can open a sharing link. */
export type LinkScope = 'anyone' | 'organization' | 'users';

/** A sharing link to an item. */
export interface ShareLink {
  readonly id: string;
  readonly url: string;
  readonly role: Exclude<Role, 'owner'>;
  readonly scope: LinkScope;
  readonly expiresAt?: Date;
  readonly raw?: unknown;
}

/** An invitation to add a user, group or domain to an item, or to open it to anyone. */
export interface PermissionRequest {
  readonly type: GranteeType;
  readonly role: Exclude<Role, 'owner'>;
  readonly email?: string;
  readonly domain?: string;
  readonly message?: string;
  readonly sendNotification?: boolean;
}

/** What kind of sharing link to create. */
export interface ShareLinkRequest {
  readonly role?: Exclude<Role, 'owner'>;
  readonly scope?: LinkScope;
  readonly expiresAt?: Date;
  readonly password?: string;
}
