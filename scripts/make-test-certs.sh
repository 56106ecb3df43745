#!/usr/bin/env bash
# Makes a throw-away PKI for trying HTTPS and MLLP over TLS with mutual TLS — never for production.
#   scripts/make-test-certs.sh [out-dir] [partner-name]
# Writes to out-dir (default ./certs):
#   ca.crt / ca.key                test certificate authority
#   server.p12                     server key + certificate for localhost / 127.0.0.1 (HTTPS and MLLP)
#   truststore.p12                 the CA, to trust partner certificates signed by it
#   <name>.p12 / .crt / .key       a partner's client certificate, subject CN=<name>,O=KAP Test Partner
# Every PKCS#12 file uses the password in $CERT_PASSWORD (default: changeit).
set -euo pipefail

OUT="${1:-certs}"
PARTNER="${2:-partner-south}"
PASS="${CERT_PASSWORD:-changeit}"
DAYS="${CERT_DAYS:-365}"
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
mkdir -p "$OUT"
cd "$OUT"

# CA
openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$DAYS" \
  -keyout ca.key -out ca.crt -subj "/O=KAP Test/CN=KAP Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# Server (HTTPS and MLLP listener)
openssl req -newkey rsa:3072 -sha256 -nodes -keyout server.key -out server.csr -subj "/O=KAP Test/CN=localhost" 2>/dev/null
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -sha256 -out server.crt \
  -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment") 2>/dev/null
openssl pkcs12 -export -name server -inkey server.key -in server.crt -certfile ca.crt -out server.p12 -passout "pass:$PASS"

# Partner client certificate (its subject goes into the partner's certificate-subjects in the partner registry)
openssl req -newkey rsa:3072 -sha256 -nodes -keyout "$PARTNER.key" -out "$PARTNER.csr" \
  -subj "/O=KAP Test Partner/CN=$PARTNER" 2>/dev/null
openssl x509 -req -in "$PARTNER.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -sha256 \
  -out "$PARTNER.crt" -extfile <(printf "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature") 2>/dev/null
openssl pkcs12 -export -name "$PARTNER" -inkey "$PARTNER.key" -in "$PARTNER.crt" -certfile ca.crt \
  -out "$PARTNER.p12" -passout "pass:$PASS"

# Trust store holding the CA (Java reads PKCS#12 trust stores made by keytool; openssl's need the trusted-cert bag)
rm -f truststore.p12
if command -v keytool >/dev/null; then
  keytool -importcert -noprompt -alias kap-test-ca -file ca.crt -keystore truststore.p12 -storetype PKCS12 -storepass "$PASS" >/dev/null 2>&1
else
  openssl pkcs12 -export -nokeys -in ca.crt -out truststore.p12 -passout "pass:$PASS" \
    -jdktrust anyExtendedKeyUsage 2>/dev/null
fi
rm -f ./*.csr ca.srl

echo "Made in $OUT/: ca.crt server.p12 truststore.p12 $PARTNER.p12 (password: $PASS)"
echo "Partner certificate subject: $(openssl x509 -in "$PARTNER.crt" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
