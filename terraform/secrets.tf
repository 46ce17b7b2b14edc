# The OpenAI key lives only in Parameter Store: the functions get the parameter's name, never the value,
# and read it (decrypted) once per cold start.

resource "aws_kms_key" "secrets" {
  description             = "${local.name}: encrypts the SecureString parameters the functions read"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "secrets" {
  name          = "alias/${local.name}-secrets"
  target_key_id = aws_kms_key.secrets.key_id
}

resource "aws_ssm_parameter" "openai_api_key" {
  name        = local.secret_parameters.OPENAI_API_KEY
  description = "OpenAI API key of ${local.name}"
  type        = "SecureString"
  key_id      = aws_kms_key.secrets.arn
  # Write-only: Terraform sends the value and forgets it; the state holds only the version.
  value_wo         = var.openai_api_key
  value_wo_version = var.openai_api_key_version
}

# The admin key of GET /usage?scope=all, for the info function alone.
resource "aws_ssm_parameter" "usage_admin_key" {
  count       = var.usage_admin_key_version > 0 ? 1 : 0
  name        = local.admin_key_parameter
  description = "Admin key of ${local.name}'s usage view"
  type        = "SecureString"
  key_id      = aws_kms_key.secrets.arn

  value_wo         = var.usage_admin_key
  value_wo_version = var.usage_admin_key_version
}

locals {
  secret_parameter_arns = [aws_ssm_parameter.openai_api_key.arn]
  admin_key_parameter   = "/${local.parameter_prefix}/${local.name}/admin-api-key"
  admin_key_arns        = aws_ssm_parameter.usage_admin_key[*].arn
  admin_key_environment = var.usage_admin_key_version > 0 ? { ADMIN_API_KEY_PARAMETER = local.admin_key_parameter } : {}

  # Setting name with a _PARAMETER suffix -> parameter name; the handlers resolve these at cold start.
  secret_parameter_environment = {
    for setting, parameter in local.secret_parameters : "${setting}_PARAMETER" => parameter
  }
}
