# Variable names match the application's settings: the local server reads terraform.tfvars too and
# upper-cases each key (openai_model -> OPENAI_MODEL), so one file configures both.

variable "aws_region" {
  description = "AWS region for every resource of the stack."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like us-east-1."
  }
}

variable "shared_resource_identifier" {
  description = "Prefix of every resource name; lower-case letters, digits and '-', as S3 bucket names require. IAM and S3 names are account-wide: one identifier per account, whatever the region."
  type        = string
  default     = "aws-openai"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$", var.shared_resource_identifier))
    error_message = "shared_resource_identifier must be 3-30 lower-case letters, digits or '-', starting with a letter."
  }
  # The plugin bucket is named <identifier>-plugins-<account id>; S3 refuses names with these prefixes.
  validation {
    condition     = !can(regex("^(xn--|sthree-|amzn-s3-demo-)", var.shared_resource_identifier))
    error_message = "shared_resource_identifier must not start with xn--, sthree- or amzn-s3-demo-: S3 reserves them for bucket names."
  }
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "openai_api_key" {
  description = "The OpenAI API key. Written once into an SSM SecureString parameter (write-only: never stored in the Terraform state); the functions read it from there at cold start."
  type        = string
  sensitive   = true
  ephemeral   = true
  nullable    = false

  validation {
    condition     = length(trimspace(var.openai_api_key)) >= 20
    error_message = "openai_api_key must be a real key (at least 20 characters)."
  }
}

variable "openai_api_key_version" {
  description = "Increase by one to write a new openai_api_key into Parameter Store (key rotation)."
  type        = number
  default     = 1

  validation {
    condition     = var.openai_api_key_version >= 1 && floor(var.openai_api_key_version) == var.openai_api_key_version
    error_message = "openai_api_key_version must be a whole number of at least 1."
  }
}

variable "openai_model" {
  description = "Default model of every app that does not name its own."
  type        = string
  default     = "gpt-4o-mini"

  validation {
    condition     = length(trimspace(var.openai_model)) > 0
    error_message = "openai_model must not be empty."
  }
}

variable "openai_base_url" {
  description = "Base URL of an OpenAI-compatible API; null for api.openai.com."
  type        = string
  default     = null

  validation {
    condition     = var.openai_base_url == null || can(regex("^https?://[^ ]+$", var.openai_base_url))
    error_message = "openai_base_url must be an http(s) URL or null."
  }
}

variable "openai_organization" {
  description = "OpenAI organization id sent with each request; null for the key's default."
  type        = string
  default     = null
}

variable "openai_timeout_ms" {
  description = "How long a function gives the model for an answer sent whole, every retry and tool round included, before answering 504; below API Gateway's 29 s."
  type        = number
  default     = 25000

  validation {
    condition     = var.openai_timeout_ms >= 1000 && var.openai_timeout_ms <= 28000
    error_message = "openai_timeout_ms must be between 1000 and 28000: it is the whole time of an answer sent whole, retries included, and API Gateway cuts buffered requests at 29 s."
  }
  validation {
    condition     = var.openai_timeout_ms < var.stream_integration_timeout_ms
    error_message = "openai_timeout_ms must be shorter than stream_integration_timeout_ms, or API Gateway gives up before the function can answer 504."
  }
}

variable "openai_stream_timeout_ms" {
  description = "How long a function gives the model for a streamed answer, every retry and tool round included; below stream_integration_timeout_ms, so the stream ends with an error event first."
  type        = number
  default     = 290000

  validation {
    condition     = var.openai_stream_timeout_ms >= 1000 && var.openai_stream_timeout_ms <= 890000 && floor(var.openai_stream_timeout_ms) == var.openai_stream_timeout_ms
    error_message = "openai_stream_timeout_ms must be a whole number between 1000 and 890000."
  }
  validation {
    condition     = var.openai_stream_timeout_ms < var.stream_integration_timeout_ms
    error_message = "openai_stream_timeout_ms must be shorter than stream_integration_timeout_ms, or API Gateway ends the stream before the function can say why."
  }
}

variable "openai_max_retries" {
  description = "Retries of a failed model call."
  type        = number
  default     = 2

  validation {
    condition     = var.openai_max_retries >= 0 && var.openai_max_retries <= 10 && floor(var.openai_max_retries) == var.openai_max_retries
    error_message = "openai_max_retries must be a whole number between 0 and 10."
  }
}

variable "log_level" {
  description = "Application log level of the functions."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "debug_mode" {
  description = "Adds diagnostic detail to the functions' logs (never secrets)."
  type        = bool
  default     = false
}

variable "enable_source_maps" {
  description = "Maps stack traces in the functions' logs to the TypeScript sources; every cold start then reads the source map."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups (functions and API access log)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}
