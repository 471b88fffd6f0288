#!/bin/sh
# Launcher inside the Trellis images: runs a program on the image's jlink-made JRE. The program is picked
# by the name this script is called under (/opt/trellis/bin/<program> links here).
set -eu
case "$(basename "$0")" in
  control-plane) main=dev.trellis.controlplane.ControlPlaneMain; opts="" ;;
  node-agent)    main=dev.trellis.nodeagent.NodeAgentMain; opts="" ;;
  waypoint)      main=dev.trellis.waypoint.WaypointMain; opts="" ;;
  # Short-lived: C1 only and the serial collector start faster.
  trellis-cni)   main=dev.trellis.cni.CniMain; opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto" ;;
  *) echo "launch: unknown program $(basename "$0")" >&2; exit 127 ;;
esac
# shellcheck disable=SC2086 # TRELLIS_JAVA_OPTS and opts are word lists on purpose
exec /opt/trellis/jre/bin/java --enable-native-access=ALL-UNNAMED $opts ${TRELLIS_JAVA_OPTS:-} \
  -cp '/opt/trellis/lib/*' "$main" "$@"
