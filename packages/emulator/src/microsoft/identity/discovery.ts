import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';
import { CONSUMER_TENANT_ID, LOGIN_HOST } from '../hosts.js';
import type { MicrosoftState } from '../state.js';

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`, endpoints pointing at this emulator. */
export function openIdConfiguration(state: MicrosoftState, tenant: string): EmulatorResponse {
  const at = (path: string) => state.links.to(LOGIN_HOST, `/${tenant}${path}`);
  const issuerTenant =
    tenant === 'consumers'
      ? CONSUMER_TENANT_ID
      : tenant === 'common' || tenant === 'organizations'
        ? '{tenantid}'
        : tenant;
  return jsonResponse(200, {
    token_endpoint: at('/oauth2/v2.0/token'),
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: at('/discovery/v2.0/keys'),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `https://${LOGIN_HOST}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: at('/oauth2/v2.0/authorize'),
    device_authorization_endpoint: at('/oauth2/v2.0/devicecode'),
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: at('/oauth2/v2.0/logout'),
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: at('/kerberos'),
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

/** `GET /common/discovery/instance`: the cloud-discovery answer MSAL libraries ask for. */
export function instanceDiscovery(
  state: MicrosoftState,
  request: EmulatorRequest,
): EmulatorResponse {
  const endpoint = request.query.get('authorization_endpoint');
  const tenant =
    (endpoint && URL.canParse(endpoint) ? new URL(endpoint).pathname.split('/')[1] : undefined) ||
    'common';
  return jsonResponse(200, {
    tenant_discovery_endpoint: state.links.to(
      LOGIN_HOST,
      `/${tenant}/v2.0/.well-known/openid-configuration`,
    ),
    'api-version': '1.1',
    metadata: [
      {
        preferred_network: LOGIN_HOST,
        preferred_cache: 'login.windows.net',
        aliases: [LOGIN_HOST, 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
      },
    ],
  });
}

/** `GET /{tenant}/discovery/v2.0/keys`: no keys, as the emulator's id_tokens are unsigned. */
export function signingKeys(): EmulatorResponse {
  return jsonResponse(200, { keys: [] });
}
