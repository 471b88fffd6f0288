#!/usr/bin/env bash
# Writes the configuration of one HAProxy hop of a two-hop mTLS TCP tunnel and prints its path.
#   haproxy-hop.sh out DIR CERTDIR "LISTEN=UPSTREAM ..."   client side: plain TCP in, TLS 1.3 + client cert out
#   haproxy-hop.sh in  DIR CERTDIR "LISTEN=UPSTREAM ..."   server side: TLS 1.3 in (client cert required), plain out
# One thread per hop, as a node proxy on a busy node would get; the same P-256 certificates as Trellis.
set -euo pipefail
side="$1"; dir="$2"; certs="$3"; maps="$4"
cfg="$dir/haproxy-$side.cfg"
{
  echo "global"
  echo "  nbthread 1"
  echo "  maxconn 9000"
  echo "  ssl-default-bind-options ssl-min-ver TLSv1.3"
  echo "  ssl-default-server-options ssl-min-ver TLSv1.3"
  echo "  ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"
  echo "  ssl-default-server-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"
  echo "defaults"
  echo "  mode tcp"
  echo "  timeout connect 5s"
  echo "  timeout client 120s"
  echo "  timeout server 120s"
  i=0
  for m in $maps; do
    listen="${m%%=*}"; upstream="${m#*=}"
    echo "listen l$i"
    if [[ "$side" == out ]]; then
      echo "  bind 127.0.0.1:$listen"
      echo "  server s $upstream ssl crt $certs/client.pem ca-file $certs/root.pem verify required"
    else
      echo "  bind 127.0.0.1:$listen ssl crt $certs/server.pem ca-file $certs/root.pem verify required"
      echo "  server s $upstream"
    fi
    i=$((i + 1))
  done
} > "$cfg"
echo "$cfg"
