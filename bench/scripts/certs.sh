#!/usr/bin/env bash
# Makes the ECDSA P-256 certificates a benchmark run uses, shared by Trellis and its peers so that both do
# the same cryptography: a root, and one leaf per SPIFFE identity given, each with its URI SAN.
# Usage: certs.sh DIR NAME=SPIFFE-ID [NAME=SPIFFE-ID ...]
# Writes DIR/root.pem, and per NAME: NAME.crt (leaf), NAME.key (PKCS#8), NAME.pem (leaf + key, for HAProxy).
set -euo pipefail
dir="$1"; shift
mkdir -p "$dir"
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$dir/root.key"
openssl req -x509 -new -key "$dir/root.key" -subj "/O=trellis-bench/CN=bench root" -days 2 -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$dir/root.pem" 2>/dev/null
for pair in "$@"; do
  name="${pair%%=*}"; id="${pair#*=}"
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/O=trellis-bench" -out "$dir/$name.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=critical,URI:%s\n' "$id" > "$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/root.pem" -CAkey "$dir/root.key" -CAcreateserial \
    -days 1 -sha256 -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  cat "$dir/$name.crt" "$dir/$name.key" > "$dir/$name.pem"
done
