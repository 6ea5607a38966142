import type { EmulatorRequest } from '../../server/request.js';
import type { Account } from '../accounts.js';
import type { Site } from '../sites.js';
import type { MicrosoftState } from '../state.js';
import type { Drive } from './drive.js';

/** What rendering a driveItem needs: whose drive it is and how its paths are written. */
export interface RenderContext {
  readonly state: MicrosoftState;
  /** The signed-in account: the drive's owner, or a member of the site whose library it is. */
  readonly account: Account;
  /** The drive addressed. */
  readonly drive: Drive;
  /** Set when the drive is a SharePoint site's document library. */
  readonly site?: Site | undefined;
  /** `/drive` or `/drives/{id}`: the start of `parentReference.path`. */
  readonly referenceBase: string;
}

/** One authenticated Graph drive request. */
export interface GraphContext extends RenderContext {
  readonly request: EmulatorRequest;
}
