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

locals {
  secret_parameter_arns = [aws_ssm_parameter.openai_api_key.arn]

  # Setting name with a _PARAMETER suffix -> parameter name; the handlers resolve these at cold start.
  secret_parameter_environment = {
    for setting, parameter in local.secret_parameters : "${setting}_PARAMETER" => parameter
  }
}
