{{/*
Proxy settings for long-lived streams, per provider: mirrors mcpgen/rules/providers/
module by module. Inputs: the stream timeout and the affinity decision.
*/}}

{{/* providers.provider_of: explicit, else from className, else nginx. */}}
{{- define "mcp-server.provider" -}}
{{- $byClass := dict "nginx" "nginx" "alb" "alb" "gce" "gce" "gce-internal" "gce" "traefik" "traefik" "haproxy" "haproxy" "openshift-default" "openshift" "istio" "istio" -}}
{{- .Values.ingress.provider | default (get $byClass (.Values.ingress.className | default "")) | default "nginx" -}}
{{- end -}}

{{- define "mcp-server.clientIpAffinity" -}}
{{- if and (include "mcp-server.affinity" .) (eq .Values.ingress.affinity "client-ip") }}true{{ end -}}
{{- end -}}

{{- define "mcp-server.cookieAffinity" -}}
{{- if and (include "mcp-server.affinity" .) (eq .Values.ingress.affinity "cookie") }}true{{ end -}}
{{- end -}}

{{/* providers/nginx.py annotations */}}
{{- define "mcp-server.nginxAnnotations" -}}
{{- $t := printf "%d" (int .Values.ingress.streamTimeoutSeconds) -}}
{{- $a := dict
  "nginx.ingress.kubernetes.io/proxy-read-timeout" $t
  "nginx.ingress.kubernetes.io/proxy-send-timeout" $t
  "nginx.ingress.kubernetes.io/proxy-buffering" "off"
  "nginx.ingress.kubernetes.io/proxy-http-version" "1.1" -}}
{{- if include "mcp-server.clientIpAffinity" . -}}
{{- $_ := set $a "nginx.ingress.kubernetes.io/upstream-hash-by" "$remote_addr" -}}
{{- end -}}
{{- if include "mcp-server.cookieAffinity" . -}}
{{- $_ := set $a "nginx.ingress.kubernetes.io/affinity" "cookie" -}}
{{- $_ := set $a "nginx.ingress.kubernetes.io/affinity-mode" "persistent" -}}
{{- $_ := set $a "nginx.ingress.kubernetes.io/session-cookie-name" (include "mcp-server.rules.affinityCookie" .) -}}
{{- $_ := set $a "nginx.ingress.kubernetes.io/session-cookie-max-age" (printf "%d" (int .Values.service.sessionAffinityTimeoutSeconds)) -}}
{{- end -}}
{{- toYaml $a -}}
{{- end -}}

{{/* providers/openshift.py annotations */}}
{{- define "mcp-server.openshiftAnnotations" -}}
{{- $a := dict "haproxy.router.openshift.io/timeout" (printf "%ds" (int .Values.ingress.streamTimeoutSeconds)) -}}
{{- if include "mcp-server.clientIpAffinity" . -}}
{{- $_ := set $a "haproxy.router.openshift.io/balance" "source" -}}
{{- $_ := set $a "haproxy.router.openshift.io/disable_cookies" "true" -}}
{{- else if include "mcp-server.cookieAffinity" . -}}
{{- $_ := set $a "router.openshift.io/cookie_name" (include "mcp-server.rules.affinityCookie" .) -}}
{{- else -}}
{{- $_ := set $a "haproxy.router.openshift.io/disable_cookies" "true" -}}
{{- end -}}
{{- toYaml $a -}}
{{- end -}}

{{/* providers/alb.py annotations */}}
{{- define "mcp-server.albAnnotations" -}}
{{- $idle := min (int .Values.ingress.streamTimeoutSeconds) (int (include "mcp-server.rules.albMaxIdleTimeout" .)) -}}
{{- $drain := 300 -}}
{{- if eq (include "mcp-server.protocol" .) "sse" }}{{ $drain = int .Values.transport.config.http.sse.terminationGracePeriodSeconds }}{{ end -}}
{{- $group := printf "deregistration_delay.timeout_seconds=%d" $drain -}}
{{- if include "mcp-server.affinity" . -}}
{{- $group = printf "%s,stickiness.enabled=true,stickiness.type=lb_cookie,stickiness.lb_cookie.duration_seconds=%d" $group (int .Values.service.sessionAffinityTimeoutSeconds) -}}
{{- end -}}
{{- toYaml (dict
  "alb.ingress.kubernetes.io/load-balancer-attributes" (printf "idle_timeout.timeout_seconds=%d" $idle)
  "alb.ingress.kubernetes.io/target-type" "ip"
  "alb.ingress.kubernetes.io/target-group-attributes" $group) -}}
{{- end -}}

{{/* providers/haproxy.py annotations */}}
{{- define "mcp-server.haproxyAnnotations" -}}
{{- $a := dict "haproxy.org/timeout-server" (printf "%ds" (int .Values.ingress.streamTimeoutSeconds)) -}}
{{- if include "mcp-server.clientIpAffinity" . -}}
{{- $_ := set $a "haproxy.org/load-balance" "source" -}}
{{- else if include "mcp-server.cookieAffinity" . -}}
{{- $_ := set $a "haproxy.org/cookie-persistence" (include "mcp-server.rules.affinityCookie" .) -}}
{{- end -}}
{{- toYaml $a -}}
{{- end -}}

{{/* The Ingress object's annotations and class per provider (nil: no Ingress). */}}
{{- define "mcp-server.ingressAnnotations" -}}
{{- $p := include "mcp-server.provider" . -}}
{{- $a := dict -}}
{{- if eq $p "nginx" }}{{ $a = include "mcp-server.nginxAnnotations" . | fromYaml }}
{{- else if eq $p "alb" }}{{ $a = include "mcp-server.albAnnotations" . | fromYaml }}
{{- else if eq $p "gce" }}{{ $a = dict "kubernetes.io/ingress.class" (.Values.ingress.className | default "gce") }}
{{- else if eq $p "haproxy" }}{{ $a = include "mcp-server.haproxyAnnotations" . | fromYaml }}
{{- end -}}
{{- toYaml (merge (deepCopy (.Values.ingress.annotations | default dict)) $a) -}}
{{- end -}}

{{- define "mcp-server.ingressClassName" -}}
{{- $p := include "mcp-server.provider" . -}}
{{- if eq $p "alb" }}{{ .Values.ingress.className | default "alb" }}
{{- else if eq $p "traefik" }}{{ .Values.ingress.className | default "traefik" }}
{{- else if eq $p "haproxy" }}{{ .Values.ingress.className | default "haproxy" }}
{{- else if eq $p "nginx" }}{{ .Values.ingress.className | default "" }}
{{- end -}}
{{- end -}}

{{- define "mcp-server.hasIngress" -}}
{{- if and .Values.ingress.enabled (has (include "mcp-server.provider" .) (list "nginx" "alb" "gce" "traefik" "haproxy")) }}true{{ end -}}
{{- end -}}

{{/* Annotations the provider puts on the Service (GKE, Traefik). */}}
{{- define "mcp-server.proxyServiceAnnotations" -}}
{{- $p := include "mcp-server.provider" . -}}
{{- $a := dict -}}
{{- if .Values.ingress.enabled -}}
{{- if eq $p "gce" -}}
{{- $_ := set $a "cloud.google.com/backend-config" (printf "{\"default\": \"%s\"}" (include "mcp-server.fullname" .)) -}}
{{- $_ := set $a "cloud.google.com/neg" "{\"ingress\": true}" -}}
{{- else if eq $p "traefik" -}}
{{- $_ := set $a "traefik.ingress.kubernetes.io/service.serverstransport" (printf "%s-%s@kubernetescrd" .Release.Namespace (include "mcp-server.fullname" .)) -}}
{{- if include "mcp-server.affinity" . -}}
{{- $_ := set $a "traefik.ingress.kubernetes.io/service.sticky.cookie" "true" -}}
{{- $_ := set $a "traefik.ingress.kubernetes.io/service.sticky.cookie.name" (include "mcp-server.rules.affinityCookie" .) -}}
{{- $_ := set $a "traefik.ingress.kubernetes.io/service.sticky.cookie.httponly" "true" -}}
{{- $_ := set $a "traefik.ingress.kubernetes.io/service.sticky.cookie.maxage" (printf "%d" (int .Values.service.sessionAffinityTimeoutSeconds)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $a -}}
{{- end -}}
