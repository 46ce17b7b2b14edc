locals {
  # Settings every function reads (names as in src/common/settings). Secrets appear only as parameter names.
  common_environment = merge(
    {
      OPENAI_MODEL               = var.openai_model
      OPENAI_TIMEOUT_MS          = tostring(var.openai_timeout_ms)
      OPENAI_STREAM_TIMEOUT_MS   = tostring(var.openai_stream_timeout_ms)
      OPENAI_MAX_RETRIES         = tostring(var.openai_max_retries)
      LOG_LEVEL                  = var.log_level
      DEBUG_MODE                 = tostring(var.debug_mode)
      SHARED_RESOURCE_IDENTIFIER = local.name
      CORS_ALLOW_ORIGIN          = var.cors_allow_origin
      # Not a setting: a new key version changes every function's configuration, so Lambda starts fresh
      # environments that read the new key instead of warm ones keeping the old.
      OPENAI_API_KEY_VERSION = tostring(var.openai_api_key_version)
    },
    # Stack traces in CloudWatch then point at the TypeScript sources (maps ship in each zip), at the
    # price of every cold start reading the map (docs/cold-start.md).
    var.enable_source_maps ? { NODE_OPTIONS = "--enable-source-maps" } : {},
    var.openai_base_url == null ? {} : { OPENAI_BASE_URL = var.openai_base_url },
    var.legacy_client_compat ? { LEGACY_CLIENT_COMPAT = "true" } : {},
    var.tracing ? { TRACING = "true" } : {},
    var.openai_organization == null ? {} : { OPENAI_ORGANIZATION = var.openai_organization },
    local.secret_parameter_environment,
  )

  # What the chat functions meter and budget with (src/common/usage).
  usage_environment = {
    USAGE_METERING       = tostring(var.usage_metering)
    USAGE_TABLE          = aws_dynamodb_table.usage.name
    TOKEN_BUDGET_DAILY   = tostring(var.token_budget_daily)
    TOKEN_BUDGET_MONTHLY = tostring(var.token_budget_monthly)
    # src/common/usage/budget-overrides.ts: <key id>=<daily>/<monthly>, comma-separated.
    TOKEN_BUDGET_OVERRIDES = join(",", [
      for id, budget in var.token_budget_per_key : "${id}=${budget.daily}/${budget.monthly}"
    ])
  }

  # What one request body may hold (src/common/request/limits.ts); only the chat functions read bodies.
  limits_environment = {
    MAX_MESSAGES       = tostring(var.max_messages)
    MAX_MESSAGE_CHARS  = tostring(var.max_message_chars)
    MAX_TOOLS          = tostring(var.max_tools)
    MAX_BODY_TOKENS    = tostring(var.max_body_tokens)
    MAX_BODY_ESCAPES   = tostring(var.max_body_escapes)
    MAX_BODY_KEY_CHARS = tostring(var.max_body_key_chars)
    MAX_BODY_DEPTH     = tostring(var.max_body_depth)
  }

  # What every chat function keeps conversations with (src/common/memory).
  memory_environment = {
    MEMORY_TABLE     = aws_dynamodb_table.memory.name
    MEMORY_TTL_DAYS  = tostring(var.memory_ttl_days)
    MEMORY_MAX_TURNS = tostring(var.memory_max_turns)
  }

  plugins_environment = {
    PLUGINS_DIR       = "/opt/nodejs/plugins"
    PLUGINS_S3_BUCKET = aws_s3_bucket.plugins.bucket
    PLUGINS_S3_PREFIX = var.plugins_s3_prefix
  }

  function_environment = {
    openai_v2       = merge(local.common_environment, local.limits_environment, local.usage_environment, local.memory_environment)
    langchain       = merge(local.common_environment, local.limits_environment, local.usage_environment, local.memory_environment)
    openai_function = merge(local.common_environment, local.limits_environment, local.usage_environment, local.memory_environment, local.plugins_environment)
    # /v1: any app is a model, so this function runs every chat handler's core and reads what they read.
    openai_compat = merge(local.common_environment, local.limits_environment, local.usage_environment, local.memory_environment, local.plugins_environment, {
      ALLOWED_MODELS = join(",", var.allowed_models)
    })
    # info answers GET /usage: the same meter's settings, and the admin key's parameter.
    info = merge(local.common_environment, local.usage_environment, local.admin_key_environment, {
      MEMORY_TABLE      = aws_dynamodb_table.memory.name
      PLUGINS_S3_BUCKET = aws_s3_bucket.plugins.bucket
      PLUGINS_S3_PREFIX = var.plugins_s3_prefix
    })
  }
}
