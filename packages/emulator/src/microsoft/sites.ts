import type { Clock } from '../server/clock.js';
import { guid, randomChars } from '../server/random.js';
import type { Account } from './accounts.js';
import { Drive } from './graph/drive.js';

/** What a test gives to create a SharePoint site. */
export interface MicrosoftSiteSeed {
  /** Shown as the site's name; default 'Team Site'. */
  displayName?: string;
  /** Business accounts (email or id) of one tenant that may use the site's library. */
  members: string[];
  /** Default `{tenant}.sharepoint.com`, from the first member's email domain. */
  hostname?: string;
  /** Bytes; default 1 TiB. */
  quotaTotal?: number;
}

/** A SharePoint site with its default document library (`/sites/{id}/drive`). */
export interface Site {
  /** `{hostname},{site-collection-guid},{web-guid}`, the form Graph documents for site ids. */
  readonly id: string;
  readonly displayName: string;
  readonly hostname: string;
  readonly tenantId: string;
  readonly webUrl: string;
  /** Ids of the accounts that may use the library. */
  readonly members: ReadonlySet<string>;
  readonly drive: Drive;
}

const TIB = 1024 * 1024 * 1024 * 1024;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The SharePoint sites of the Microsoft emulation, found by site id (case-insensitive) or drive id. */
export class SiteRegistry {
  readonly #byId = new Map<string, Site>();
  readonly #byDrive = new Map<string, Site>();

  constructor(private readonly now: Clock) {}

  /** Creates a site whose library is empty; its members must be business accounts of one tenant. */
  add(seed: MicrosoftSiteSeed, members: readonly Account[]): Site {
    const first = members[0];
    if (!first) throw new Error('A site needs at least one member account.');
    for (const member of members) {
      if (member.driveType !== 'business') {
        throw new Error(
          `${member.email} is a personal account; SharePoint sites belong to business tenants.`,
        );
      }
      if (member.tenantId !== first.tenantId) {
        throw new Error(`The members of a site must share one tenant; ${member.email} does not.`);
      }
    }
    const domain = first.email.slice(first.email.indexOf('@') + 1);
    const hostname =
      seed.hostname ?? `${(domain.split('.')[0] ?? 'contoso').toLowerCase()}.sharepoint.com`;
    const displayName = seed.displayName ?? 'Team Site';
    const site: Site = {
      id: `${hostname},${guid()},${guid()}`,
      displayName,
      hostname,
      tenantId: first.tenantId,
      webUrl: `https://${hostname}/sites/${encodeURIComponent(displayName.replace(/\s+/g, ''))}`,
      members: new Set(members.map((member) => member.id)),
      drive: new Drive(
        `b!${randomChars(BASE64URL, 64)}`,
        'business',
        seed.quotaTotal ?? TIB,
        this.now,
      ),
    };
    this.#byId.set(site.id.toLowerCase(), site);
    this.#byDrive.set(site.drive.id, site);
    return site;
  }

  /** A site by id; the GUID parts are matched case-insensitively. */
  find(id: string): Site | undefined {
    return this.#byId.get(id.toLowerCase());
  }

  /** The site whose library is this drive. */
  byDrive(driveId: string): Site | undefined {
    return this.#byDrive.get(driveId);
  }

  /** Every site, in creation order. */
  all(): Site[] {
    return [...this.#byId.values()];
  }
}
