{{/*
stdio servers behind the bridge, mirroring mcpgen/rules/stdio.py function by function:
the container runs mcp-proxy, which starts command + args with pipes and serves that
child over HTTP (/mcp, and /sse). Why mcp-proxy, and why each flag: see that module.
*/}}

{{/* stdio.bridged: stdio with a command to start ("true" / ""). */}}
{{- define "mcp-server.bridged" -}}
{{- if and (eq .Values.transport.type "stdio") .Values.command -}}true{{- end -}}
{{- end -}}

{{/* stdio.injected_bridge: bridged, with the bridge copied in by an init container. */}}
{{- define "mcp-server.bridgeInjected" -}}
{{- if and (include "mcp-server.bridged" .) (eq .Values.transport.stdio.bridge "inject") -}}true{{- end -}}
{{- end -}}

{{/* stdio.bridge_command */}}
{{- define "mcp-server.bridgeCommand" -}}
{{- toJson (list (ternary "/mcpgen-bridge/mcp-proxy" "mcp-proxy" (eq (include "mcp-server.bridgeInjected" .) "true")) "--host=0.0.0.0" (printf "--port=%d" (int64 .Values.transport.config.http.port)) "--pass-environment" "--") -}}
{{- end -}}

{{/* stdio.bridge_args */}}
{{- define "mcp-server.bridgeArgs" -}}
{{- toJson (concat (.Values.command | default list) (.Values.args | default list)) -}}
{{- end -}}

{{/* stdio.cache_env: the package caches below the scratch HOME, unless environment names them. */}}
{{- define "mcp-server.cacheEnv" -}}
{{- $out := list -}}
{{- with .Values.scratch.home -}}
{{- $base := trimSuffix "/" . -}}
{{- $taken := list -}}
{{- range $.Values.environment }}{{ $taken = append $taken .name }}{{ end -}}
{{- range list (list "npm_config_cache" ".npm") (list "UV_CACHE_DIR" ".cache/uv") (list "UV_TOOL_DIR" ".local/share/uv/tools") (list "UV_PYTHON_INSTALL_DIR" ".local/share/uv/python") (list "XDG_CACHE_HOME" ".cache") -}}
{{- if not (has (index . 0) $taken) -}}
{{- $out = append $out (dict "name" (index . 0) "value" (printf "%s/%s" $base (index . 1))) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* stdio.liveness_on: liveness.enabled, or (unset) on exactly when bridged. */}}
{{- define "mcp-server.livenessOn" -}}
{{- $enabled := .Values.healthCheck.liveness.enabled -}}
{{- if kindIs "invalid" $enabled -}}{{ include "mcp-server.bridged" . }}
{{- else if $enabled -}}true
{{- end -}}
{{- end -}}

{{/* stdio.startup_failure_threshold */}}
{{- define "mcp-server.startupFailureThreshold" -}}
{{- $chosen := .Values.healthCheck.startup.failureThreshold -}}
{{- if not (kindIs "invalid" $chosen) -}}{{ int64 $chosen }}
{{- else if include "mcp-server.bridged" . -}}{{ include "mcp-server.rules.stdioStartupFailureThreshold" . }}
{{- else -}}{{ include "mcp-server.rules.startupFailureThreshold" . }}
{{- end -}}
{{- end -}}

{{/* stdio.liveness_check: one real MCP exchange through the bridge to the child. */}}
{{- define "mcp-server.livenessCheck" -}}
{{- $url := printf "http://127.0.0.1:%d/mcp" (int64 .Values.transport.config.http.port) -}}
{{- if include "mcp-server.bridgeInjected" . -}}
{{- toJson (dict "exec" (dict "command" (list "/mcpgen-bridge/mcp-proxy" "--check" $url))) -}}
{{- else -}}
{{- toJson (dict "exec" (dict "command" (list "python3" "-c" (.Files.Get "files/stdio-liveness.py") $url))) -}}
{{- end -}}
{{- end -}}

{{/* stdio.injector_container: copies the static bridge into the emptyDir. */}}
{{- define "mcp-server.injectorContainer" -}}
{{- $own := .Values.transport.stdio.resources -}}
{{- $resources := include "mcp-server.rules.staticBridgeResources" . | fromJson -}}
{{- if and $own $own.requests -}}
{{- $resources = include "mcp-server.dump" (dict "object" $own) | fromJson -}}
{{- end -}}
{{- $out := dict "name" "mcp-bridge" "image" .Values.transport.stdio.image "command" (list "/mcp-proxy" "--copy-self" "/mcpgen-bridge/mcp-proxy") "env" (list (dict "name" "TMPDIR" "value" "/mcpgen-bridge")) "resources" $resources "volumeMounts" (list (dict "name" "mcp-bridge" "mountPath" "/mcpgen-bridge")) "securityContext" (dict "allowPrivilegeEscalation" false "capabilities" (dict "drop" (list "ALL")) "readOnlyRootFilesystem" true) -}}
{{- with .Values.imagePullPolicy }}{{ $_ := set $out "imagePullPolicy" . }}{{ end -}}
{{- toJson (list $out) -}}
{{- end -}}

{{/* stdio.bridge_mount */}}
{{- define "mcp-server.bridgeMount" -}}
{{- toJson (dict "name" "mcp-bridge" "mountPath" "/mcpgen-bridge" "readOnly" true) -}}
{{- end -}}

{{/* stdio.bridge_volume */}}
{{- define "mcp-server.bridgeVolume" -}}
{{- toJson (dict "name" "mcp-bridge" "emptyDir" (dict "sizeLimit" "128Mi")) -}}
{{- end -}}
