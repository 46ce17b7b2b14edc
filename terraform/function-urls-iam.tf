# The streaming functions' roles: what their handler may do (iam.tf's own statements), their own log
# group, and the secrets they read, which include the API keys.

locals {
  stream_policies = {
    for fn in local.streaming_functions : fn => {
      Version = "2012-10-17"
      Statement = concat([
        {
          Sid      = "OwnLogGroup"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["${aws_cloudwatch_log_group.stream[fn].arn}:*"]
        },
        {
          Sid      = "ReadSecretParameters"
          Effect   = "Allow"
          Action   = ["ssm:GetParameter", "ssm:GetParameters"]
          Resource = concat(local.secret_parameter_arns, [aws_ssm_parameter.api_keys.arn])
        },
        local.decrypt_secret_parameters,
      ], local.own_statements[fn])
    }
  }
}

resource "aws_iam_role" "stream" {
  for_each = local.streaming_functions

  name               = "${local.name}-${each.key}-stream"
  assume_role_policy = local.lambda_assume_role_policy
}

resource "aws_iam_role_policy" "stream" {
  for_each = local.streaming_functions

  name   = "${local.name}-${each.key}-stream"
  role   = aws_iam_role.stream[each.key].id
  policy = jsonencode(local.stream_policies[each.key])
}
