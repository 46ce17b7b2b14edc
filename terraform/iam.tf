# One role per function, each allowed exactly what its handler does: no wildcard actions, no managed policies.

locals {
  region = var.aws_region

  function_arns = {
    for fn in local.function_names : fn => "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.name}-${fn}"
  }
  # No aws:SourceAccount condition: Lambda's documentation gives none for execution roles, and a role
  # can only be passed to a function of its own account (iam:PassRole), so it would guard nothing.
  lambda_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  # The secret parameters are encrypted with this stack's key, which may decrypt only through SSM.
  decrypt_secret_parameters = {
    Sid       = "DecryptSecretParameters"
    Effect    = "Allow"
    Action    = ["kms:Decrypt"]
    Resource  = [aws_kms_key.secrets.arn]
    Condition = { StringEquals = { "kms:ViaService" = "ssm.${local.region}.amazonaws.com" } }
  }

  # What AWSXRayDaemonWriteAccess grants, and only with tracing on. X-Ray has no resource-level
  # permissions for these two actions, hence "*".
  xray_statements = var.tracing ? [{
    Sid      = "WriteTraces"
    Effect   = "Allow"
    Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    Resource = ["*"]
  }] : []

  common_statements = {
    for fn in local.function_names : fn => concat([
      {
        Sid      = "OwnLogGroup"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.function[fn].arn}:*"]
      },
      {
        Sid      = "ReadSecretParameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters"]
        Resource = fn == "info" ? concat(local.secret_parameter_arns, local.admin_key_arns) : local.secret_parameter_arns
      },
      local.decrypt_secret_parameters,
    ], local.xray_statements)
  }

  # src/common/usage: counters are ADDed (conditionally, to hold a budget), read back with Get and Query.
  meter_usage = {
    Sid      = "MeterUsage"
    Effect   = "Allow"
    Action   = ["dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Query"]
    Resource = [aws_dynamodb_table.usage.arn]
  }

  # src/common/conversation: a chat turn naming a conversation reads its summary (Get) and turns
  # (Query), stores the turn (Put, Get after a lost race) and updates the summary.
  conversation_turns = {
    Sid      = "ConversationTurns"
    Effect   = "Allow"
    Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
    Resource = [aws_dynamodb_table.memory.arn]
  }

  read_plugins = [
    {
      Sid      = "ReadPlugins"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${aws_s3_bucket.plugins.arn}/${var.plugins_s3_prefix}*"]
    },
    {
      Sid       = "ListPlugins"
      Effect    = "Allow"
      Action    = ["s3:ListBucket"]
      Resource  = [aws_s3_bucket.plugins.arn]
      Condition = { StringLike = { "s3:prefix" = [var.plugins_s3_prefix, "${var.plugins_s3_prefix}*"] } }
    },
  ]

  own_statements = {
    openai_v2 = [local.meter_usage, local.conversation_turns]
    # langchain also serves /conversations: the list queries the by_owner index, a delete is BatchWrite.
    langchain = [local.meter_usage, local.conversation_turns, {
      Sid      = "ConversationList"
      Effect   = "Allow"
      Action   = ["dynamodb:Query", "dynamodb:BatchWriteItem"]
      Resource = [aws_dynamodb_table.memory.arn, "${aws_dynamodb_table.memory.arn}/index/by_owner"]
    }]
    openai_function = concat([local.meter_usage, local.conversation_turns], local.read_plugins)
    # /v1 runs any chat handler's core: what the three chat functions' turns may do, together.
    openai_compat = concat([local.meter_usage, local.conversation_turns], local.read_plugins)
    # What the info handler reads (src/handlers/info/aws-sections.ts), each on this stack's resources only.
    info = [
      {
        Sid    = "ReportUsage"
        Effect = "Allow"
        # src/common/usage: Get and Query for the caller's own usage, Scan for the admin view.
        Action   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"]
        Resource = [aws_dynamodb_table.usage.arn]
      },
      {
        Sid    = "DescribeApi"
        Effect = "Allow"
        Action = ["apigateway:GET"]
        Resource = [
          "arn:${local.partition}:apigateway:${local.region}::/restapis",
          "arn:${local.partition}:apigateway:${local.region}::/restapis/${aws_api_gateway_rest_api.this.id}",
          "arn:${local.partition}:apigateway:${local.region}::/restapis/${aws_api_gateway_rest_api.this.id}/*",
        ]
      },
      {
        Sid      = "DescribeFunctions"
        Effect   = "Allow"
        Action   = ["lambda:GetFunctionConfiguration"]
        Resource = values(local.function_arns)
      },
      {
        Sid      = "DescribeMemoryTable"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeTable"]
        Resource = [aws_dynamodb_table.memory.arn]
      },
      {
        Sid      = "CheckPluginBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [aws_s3_bucket.plugins.arn]
      },
    ]
  }

  function_policies = {
    for fn in local.function_names : fn => {
      Version   = "2012-10-17"
      Statement = concat(local.common_statements[fn], local.own_statements[fn])
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.function_names

  name               = "${local.name}-${each.key}"
  assume_role_policy = local.lambda_assume_role_policy
}

resource "aws_iam_role_policy" "function" {
  for_each = local.function_names

  name   = "${local.name}-${each.key}"
  role   = aws_iam_role.function[each.key].id
  policy = jsonencode(local.function_policies[each.key])
}
