{{/*
Names and labels, as `helm create` lays them out.
*/}}
{{- define "connected-car.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "connected-car.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "connected-car.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "connected-car.labels" -}}
helm.sh/chart: {{ include "connected-car.chart" . }}
app.kubernetes.io/name: {{ include "connected-car.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: connected-car
{{- end }}

{{/*
The platform's components: the values key, the service (and image) name, its HTTP port, and whether it
holds an MQTT session. Those run as StatefulSets: the pod name, and with it the MQTT client id, is the
same after every restart and rollout, so a restarted pod resumes its persistent session and receives
what the broker queued for it meanwhile.
*/}}
{{- define "connected-car.components" -}}
ingest:
  service: ingest-service
  port: 8081
  mqttSession: true
command:
  service: command-service
  port: 8082
  mqttSession: true
store:
  service: telemetry-store-service
  port: 8083
analytics:
  service: analytics-service
  port: 8084
{{- end }}

{{/* Name of one component's resources. Call with (dict "root" $ "component" "ingest"). */}}
{{- define "connected-car.componentName" -}}
{{- $facts := index (include "connected-car.components" .root | fromYaml) .component }}
{{- printf "%s-%s" (include "connected-car.fullname" .root) $facts.service | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "connected-car.componentLabels" -}}
{{ include "connected-car.labels" .root }}
app.kubernetes.io/component: {{ (index (include "connected-car.components" .root | fromYaml) .component).service }}
{{- end }}

{{- define "connected-car.selectorLabels" -}}
app.kubernetes.io/name: {{ include "connected-car.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ (index (include "connected-car.components" .root | fromYaml) .component).service }}
{{- end }}

{{- define "connected-car.image" -}}
{{- $facts := index (include "connected-car.components" .root | fromYaml) .component }}
{{- printf "%s/%s:%s" .root.Values.image.repository $facts.service (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* The kind of a component's workload. Call with (dict "root" $ "component" "ingest"). */}}
{{- define "connected-car.workloadKind" -}}
{{- if (index (include "connected-car.components" .root | fromYaml) .component).mqttSession }}StatefulSet{{ else }}Deployment{{ end }}
{{- end }}

{{/*
The demo's development issuer: browsers reach it as http://localhost:9000 (kubectl port-forward), which is
therefore the issuer its tokens name; the services fetch its keys and tokens by its Service name.
*/}}
{{- define "connected-car.devIssuerUrl" -}}
{{- printf "http://%s:9000" (include "connected-car.demoName" (dict "root" . "name" "dev-issuer")) }}
{{- end }}

{{/* Whether the dev issuer stands in for the token issuer and the dashboard's sign-in. */}}
{{- define "connected-car.useDevIssuer" -}}
{{- if and .Values.demo.enabled (not .Values.security.jwt.issuer) }}true{{ end }}
{{- end }}

{{/*
Infrastructure addresses: the demo's services when demo.enabled, otherwise the values.
*/}}
{{- define "connected-car.demoName" -}}
{{- printf "%s-demo-%s" (include "connected-car.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "connected-car.kafkaBootstrapServers" -}}
{{- if .Values.demo.enabled }}
{{- printf "%s:9092" (include "connected-car.demoName" (dict "root" . "name" "kafka")) }}
{{- else }}
{{- required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{- define "connected-car.mqttUrl" -}}
{{- if .Values.demo.enabled }}
{{- printf "tcp://%s:1883" (include "connected-car.demoName" (dict "root" . "name" "emqx")) }}
{{- else }}
{{- required "mqtt.url is required" .Values.mqtt.url }}
{{- end }}
{{- end }}

{{- define "connected-car.postgresHost" -}}
{{- if .Values.demo.enabled }}
{{- include "connected-car.demoName" (dict "root" . "name" "postgresql") }}
{{- else }}
{{- required "postgresql.host is required" .Values.postgresql.host }}
{{- end }}
{{- end }}

{{- define "connected-car.jdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%d/%s" (include "connected-car.postgresHost" .root) (int .root.Values.postgresql.port) .database }}
{{- end }}

{{/* The Secret and key holding the PostgreSQL password. */}}
{{- define "connected-car.postgresSecretName" -}}
{{- if .Values.postgresql.existingSecret }}
{{- .Values.postgresql.existingSecret }}
{{- else }}
{{- printf "%s-postgresql" (include "connected-car.fullname" .) }}
{{- end }}
{{- end }}

{{- define "connected-car.postgresSecretKey" -}}
{{- if .Values.postgresql.existingSecret }}{{ .Values.postgresql.passwordKey }}{{ else }}password{{ end }}
{{- end }}

{{- define "connected-car.mongoSecretName" -}}
{{- if .Values.mongodb.existingSecret }}
{{- .Values.mongodb.existingSecret }}
{{- else }}
{{- printf "%s-mongodb" (include "connected-car.fullname" .) }}
{{- end }}
{{- end }}

{{- define "connected-car.mongoSecretKey" -}}
{{- if .Values.mongodb.existingSecret }}{{ .Values.mongodb.uriKey }}{{ else }}uri{{ end }}
{{- end }}

{{- define "connected-car.mongoUri" -}}
{{- if .Values.demo.enabled }}
{{- printf "mongodb://%s:27017/car" (include "connected-car.demoName" (dict "root" . "name" "mongodb")) }}
{{- else }}
{{- required "mongodb.uri is required" .Values.mongodb.uri }}
{{- end }}
{{- end }}

{{/*
Environment of one component: its infrastructure under the property names the service reads
(Spring relaxed binding of environment variables).
*/}}
{{- define "connected-car.infrastructureEnv" -}}
{{- $root := .root }}
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "connected-car.kafkaBootstrapServers" $root | quote }}
{{- if has .component (list "ingest" "command") }}
{{- $prefix := ternary "CAR_INGEST_MQTT" "CAR_COMMAND_MQTT" (eq .component "ingest") }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
# the StatefulSet's pod name: the same session after every restart
- name: {{ $prefix }}_CLIENT_ID
  value: "$(POD_NAME)"
- name: {{ $prefix }}_URL
  value: {{ include "connected-car.mqttUrl" $root | quote }}
{{- with $root.Values.mqtt.username }}
- name: {{ $prefix }}_USERNAME
  value: {{ . | quote }}
- name: {{ $prefix }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "mqtt.existingSecret is required with mqtt.username" $root.Values.mqtt.existingSecret }}
      key: {{ $root.Values.mqtt.passwordKey }}
{{- end }}
{{- end }}
{{- if has .component (list "command" "store" "analytics") }}
- name: SPRING_DATASOURCE_URL
  value: {{ include "connected-car.jdbcUrl" (dict "root" $root "database" (ternary $root.Values.postgresql.commandsDatabase $root.Values.postgresql.database (eq .component "command"))) | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ (ternary (default $root.Values.postgresql.username $root.Values.analytics.database.username) $root.Values.postgresql.username (eq .component "analytics")) | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "connected-car.postgresSecretName" $root }}
      key: {{ include "connected-car.postgresSecretKey" $root }}
{{- end }}
{{- if eq .component "store" }}
- name: SPRING_MONGODB_URI
  valueFrom:
    secretKeyRef:
      name: {{ include "connected-car.mongoSecretName" $root }}
      key: {{ include "connected-car.mongoSecretKey" $root }}
{{- end }}
{{- if has .component (list "ingest" "command" "analytics") }}
{{- $jwt := $root.Values.security.jwt }}
# bearer tokens: issuer, audience and algorithms checked, keys from the issuer's key set
{{- if include "connected-car.useDevIssuer" $root }}
# (the demo: the development issuer, whose signing key is public)
- name: CAR_SECURITY_JWT_ISSUER
  value: {{ $root.Values.demo.devIssuer.publicUrl | quote }}
- name: CAR_SECURITY_JWT_JWK_SET_URI
  value: {{ printf "%s/oauth2/jwks" (include "connected-car.devIssuerUrl" $root) | quote }}
{{- else }}
- name: CAR_SECURITY_JWT_ISSUER
  value: {{ required "security.jwt.issuer is required: the issuer whose tokens the APIs accept" $jwt.issuer | quote }}
- name: CAR_SECURITY_JWT_JWK_SET_URI
  value: {{ required "security.jwt.jwkSetUri is required: where the issuer publishes its signing keys" $jwt.jwkSetUri | quote }}
{{- end }}
- name: CAR_SECURITY_JWT_AUDIENCE
  value: {{ $jwt.audience | quote }}
- name: CAR_SECURITY_JWT_ALGORITHMS
  value: {{ join "," $jwt.algorithms | quote }}
{{- end }}
{{- if eq .component "analytics" }}
{{- $dashboard := $root.Values.security.dashboard }}
# the dashboard's OpenID Connect sign-in (registration "dashboard")
{{- if and $root.Values.demo.enabled (not $dashboard.issuerUri) }}
# (the demo: the development issuer; the browser is sent to it at its public URL, the service calls it
# by its Service name)
- name: SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_AUTHORIZATIONURI
  value: {{ printf "%s/oauth2/authorize" $root.Values.demo.devIssuer.publicUrl | quote }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_TOKENURI
  value: {{ printf "%s/oauth2/token" (include "connected-car.devIssuerUrl" $root) | quote }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_JWKSETURI
  value: {{ printf "%s/oauth2/jwks" (include "connected-car.devIssuerUrl" $root) | quote }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_USERNAMEATTRIBUTE
  value: sub
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_CLIENTSECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "connected-car.demoName" (dict "root" $root "name" "dev-issuer") }}
      key: dashboard-client-secret
{{- else }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_ISSUERURI
  value: {{ required "security.dashboard.issuerUri is required: the OpenID Connect provider people sign in to the dashboard with" $dashboard.issuerUri | quote }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_CLIENTSECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "security.dashboard.existingSecret is required: the Secret holding the dashboard client's secret" $dashboard.existingSecret }}
      key: {{ $dashboard.clientSecretKey }}
{{- end }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_PROVIDER
  value: oidc
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_CLIENTID
  value: {{ $dashboard.clientId | quote }}
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_AUTHORIZATIONGRANTTYPE
  value: authorization_code
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_REDIRECTURI
  value: "{baseUrl}/login/oauth2/code/{registrationId}"
- name: SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DASHBOARD_SCOPE
  value: openid,profile
- name: CAR_ANALYTICS_DASHBOARD_COMMAND_SERVICE_URL
  value: {{ printf "http://%s:8082" (include "connected-car.componentName" (dict "root" $root "component" "command")) | quote }}
{{- with $root.Values.analytics.dashboardTileUrl }}
- name: CAR_ANALYTICS_DASHBOARD_TILE_URL
  value: {{ . | quote }}
{{- end }}
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
# read by application.server: queries for vehicles another replica holds are forwarded there
- name: CAR_ANALYTICS_ADVERTISED_ADDRESS
  value: "$(POD_IP):8084"
- name: SPRING_KAFKA_STREAMS_STATE_DIR
  value: /var/lib/kafka-streams
{{- end }}
{{- end }}
