variable "package_dir" {
  description = "Folder holding the zips of `npm run package`; null for ../dist/lambda next to this module."
  type        = string
  default     = null
}

variable "lambda_architecture" {
  description = "CPU architecture of the functions and layers."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.lambda_architecture)
    error_message = "lambda_architecture must be arm64 or x86_64."
  }
}

variable "lambda_memory_size" {
  description = "Memory of each function in MB; Lambda allots CPU in proportion, so it also sets cold-start time."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240 && floor(var.lambda_memory_size) == var.lambda_memory_size
    error_message = "lambda_memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "lambda_timeout" {
  description = "Timeout in seconds of the buffered function (info); API Gateway stops waiting after api_gateway_integration_timeout_ms anyway. The chat functions get stream_integration_timeout_ms plus 10 s."
  type        = number
  default     = 30

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900 && floor(var.lambda_timeout) == var.lambda_timeout
    error_message = "lambda_timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "memory_ttl_days" {
  description = "Days a stored conversation lives before DynamoDB expires it."
  type        = number
  default     = 30

  validation {
    condition     = var.memory_ttl_days >= 1 && var.memory_ttl_days <= 3650 && floor(var.memory_ttl_days) == var.memory_ttl_days
    error_message = "memory_ttl_days must be a whole number between 1 and 3650."
  }
}

variable "memory_max_turns" {
  description = "Turns of a conversation sent back to the model."
  type        = number
  default     = 20

  validation {
    condition     = var.memory_max_turns >= 1 && var.memory_max_turns <= 1000 && floor(var.memory_max_turns) == var.memory_max_turns
    error_message = "memory_max_turns must be a whole number between 1 and 1000."
  }
}

variable "plugins_s3_prefix" {
  description = "Key prefix of the plugin YAML files in the plugin bucket."
  type        = string
  default     = "plugins/"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_./-]*/$", var.plugins_s3_prefix))
    error_message = "plugins_s3_prefix must be a relative key prefix ending with '/', such as plugins/."
  }
}

variable "plugin_bucket_force_destroy" {
  description = "Let `terraform destroy` delete the plugin bucket with every object version in it."
  type        = bool
  default     = false
}

variable "usage_metering" {
  description = "Record every answer's tokens per API key, app, model and day in the usage table, and enforce the token budgets."
  type        = bool
  default     = true
}

variable "token_budget_daily" {
  description = "Tokens one API key may spend per UTC day; 0 for no budget."
  type        = number
  default     = 0

  validation {
    condition     = var.token_budget_daily >= 0 && floor(var.token_budget_daily) == var.token_budget_daily
    error_message = "token_budget_daily must be a whole number, 0 or more."
  }
}

variable "token_budget_monthly" {
  description = "Tokens one API key may spend per UTC month; 0 for no budget."
  type        = number
  default     = 0

  validation {
    condition     = var.token_budget_monthly >= 0 && floor(var.token_budget_monthly) == var.token_budget_monthly
    error_message = "token_budget_monthly must be a whole number, 0 or more."
  }
}

variable "token_budget_per_key" {
  description = "Budgets of single API keys instead of token_budget_daily and token_budget_monthly, by key id (as GET /usage names it): { \"abc123\" = { daily = 5000, monthly = 100000 } }; 0 for no budget."
  type = map(object({
    daily   = number
    monthly = number
  }))
  default = {}

  validation {
    condition = alltrue([
      for id, budget in var.token_budget_per_key :
      can(regex("^[^=\\s/,]+$", id)) && budget.daily >= 0 && budget.monthly >= 0 && floor(budget.daily) == budget.daily && floor(budget.monthly) == budget.monthly
    ])
    error_message = "token_budget_per_key: key ids without '=', '/', ',' or spaces; budgets whole numbers, 0 or more."
  }
}

variable "usage_admin_key" {
  description = "The admin key of GET /usage?scope=all (sent as X-Admin-Key). Written into an SSM SecureString parameter when usage_admin_key_version is 1 or more (write-only: never in the state); only the info function reads it."
  type        = string
  sensitive   = true
  ephemeral   = true
  default     = ""
  nullable    = false
}

variable "usage_admin_key_version" {
  description = "0: no admin view of usage. 1 or more: usage_admin_key is written into Parameter Store; increase by one to write a new key."
  type        = number
  default     = 0

  validation {
    condition     = var.usage_admin_key_version >= 0 && floor(var.usage_admin_key_version) == var.usage_admin_key_version
    error_message = "usage_admin_key_version must be a whole number, 0 or more."
  }
}
