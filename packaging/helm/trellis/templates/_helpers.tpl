{{/* Names, labels and image references shared by every template. */}}

{{- define "trellis.labels" -}}
app.kubernetes.io/part-of: trellis
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "control-plane"). */}}
{{- define "trellis.selectorLabels" -}}
app.kubernetes.io/name: trellis-{{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "trellis.componentLabels" -}}
{{ include "trellis.labels" .root }}
{{ include "trellis.selectorLabels" . }}
{{- end -}}

{{/* Image reference; call with (dict "root" $ "image" .Values.controlPlane.image). */}}
{{- define "trellis.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{ printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .image.repository $tag }}
{{- else -}}
{{ printf "%s:%s" .image.repository $tag }}
{{- end -}}
{{- end -}}

{{/* The imagePullSecrets field, or nothing when no pull secret is configured. */}}
{{- define "trellis.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* The control plane's in-cluster gRPC address, the default of TRELLIS_CONTROL_PLANE_ADDRESS. */}}
{{- define "trellis.controlPlaneAddress" -}}
trellis-control-plane.{{ .Release.Namespace }}.svc:15010
{{- end -}}

{{/* Whether to render the GatewayClass: gatewayClass.create is auto, true or false. */}}
{{- define "trellis.renderGatewayClass" -}}
{{- $create := .Values.gatewayClass.create -}}
{{- if eq (toString $create) "auto" -}}
{{- if .Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1/GatewayClass" }}true{{ end -}}
{{- else if $create -}}
true
{{- end -}}
{{- end -}}

{{/* Pod and container security defaults for the components that need no privilege at all. */}}
{{- define "trellis.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
