# Access logging needs API Gateway's account-level CloudWatch role (one per account and region).

resource "aws_iam_role" "api_gateway_logging" {
  count = var.manage_api_gateway_account ? 1 : 0

  name = "${local.name}-apigateway-logging"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRole"
      # No aws:SourceAccount condition: API Gateway's documentation gives none for its CloudWatch role,
      # which only this account's API Gateway settings can name.
      Principal = { Service = "apigateway.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "api_gateway_logging" {
  count = var.manage_api_gateway_account ? 1 : 0

  name = "${local.name}-apigateway-logging"
  role = aws_iam_role.api_gateway_logging[0].id
  # The account role serves every API of this region, so it covers this region's log groups, not only ours.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "ApiGatewayLogs"
      Effect = "Allow"
      Action = [
        "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
        "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents",
      ]
      Resource = [
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*",
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*:log-stream:*",
      ]
    }]
  })
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_api_gateway_account ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.api_gateway_logging[0].arn
  depends_on          = [aws_iam_role_policy.api_gateway_logging]
}
