import type { EmulatorRequest } from '../../server/request.js';
import type { Account } from '../accounts.js';
import type { MicrosoftState } from '../state.js';
import type { Drive } from './drive.js';

/** What rendering a driveItem needs: whose drive it is and how its paths are written. */
export interface RenderContext {
  readonly state: MicrosoftState;
  /** The drive's owner. */
  readonly account: Account;
  /** `/drive` or `/drives/{id}`: the start of `parentReference.path`. */
  readonly referenceBase: string;
}

/** One authenticated Graph drive request. */
export interface GraphContext extends RenderContext {
  readonly request: EmulatorRequest;
  readonly drive: Drive;
}
