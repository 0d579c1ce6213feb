/**
 * The key URIs of the custody benchmarks, one per backend, built from the servers scripts/lib/servers.sh starts
 * (JWK_OPENBAO_ADDR and JWK_OPENBAO_TOKEN, JWK_MOTO_URL, the SoftHSM2 token's JWK_SOFTHSM_*), or why a backend
 * is skipped. `via` replaces a server's address (a recording proxy in front of it).
 */
export type CustodyName = "vault-transit" | "awskms" | "pkcs11" | "awssm" | "vault-kv";

/** Per backend: the URI of a key called `name`, or why the backend cannot be measured here. */
export function custodyUris(via: { openbao?: string; moto?: string } = {}): Record<CustodyName, ((name: string) => string) | string> {
  const { JWK_OPENBAO_ADDR, JWK_MOTO_URL, JWK_SOFTHSM_MODULE, JWK_SOFTHSM_TOKEN, SOFTHSM2_CONF } = process.env;
  const bao = via.openbao ?? JWK_OPENBAO_ADDR;
  const moto = via.moto ?? JWK_MOTO_URL;
  if (moto) {
    // moto checks no credential, but the SDK's default chain must find one (provider processes inherit these).
    process.env.AWS_ACCESS_KEY_ID ??= "testing";
    process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  }
  const vaultToken = "token-source=env:JWK_OPENBAO_TOKEN";
  return {
    "vault-transit": bao ? (n) => `vault-transit:name=${n}?address=${bao}&${vaultToken}` : "JWK_OPENBAO_ADDR unset",
    awskms: moto ? (n) => `awskms:alias=${n};region=eu-west-1?endpoint=${moto}&pending-window-days=7` : "JWK_MOTO_URL unset",
    pkcs11:
      JWK_SOFTHSM_MODULE && JWK_SOFTHSM_TOKEN && SOFTHSM2_CONF
        ? (n) => `pkcs11:token=${JWK_SOFTHSM_TOKEN};object=${n}?module-path=${JWK_SOFTHSM_MODULE}&pin-source=env:JWK_SOFTHSM_PIN`
        : "JWK_SOFTHSM_MODULE, JWK_SOFTHSM_TOKEN or SOFTHSM2_CONF unset",
    awssm: moto ? (n) => `awssm:name=${n};region=eu-west-1?endpoint=${moto}&recovery-window-days=7` : "JWK_MOTO_URL unset",
    "vault-kv": bao ? (n) => `vault-kv:path=${n}?address=${bao}&${vaultToken}` : "JWK_OPENBAO_ADDR unset",
  };
}
