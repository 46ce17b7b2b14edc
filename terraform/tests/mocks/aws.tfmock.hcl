# Known values at plan time, so the tests can compare wiring (which role, which log group, which function).

mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}

mock_data "aws_partition" {
  defaults = { partition = "aws" }
}

mock_data "aws_route53_zone" {
  defaults = { zone_id = "Z0123456789TEST" }
}

mock_resource "aws_api_gateway_rest_api" {
  defaults = {
    id               = "restapi123"
    root_resource_id = "root123"
    execution_arn    = "arn:aws:execute-api:us-east-1:123456789012:restapi123"
  }
}

mock_resource "aws_api_gateway_resource" {
  defaults = { id = "resource123" }
}

mock_resource "aws_api_gateway_stage" {
  defaults = { invoke_url = "https://restapi123.execute-api.us-east-1.amazonaws.com/v1" }
}

mock_resource "aws_api_gateway_api_key" {
  defaults = { id = "apikey123" }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/secrets"
    key_id = "secrets"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = { arn = "arn:aws:ssm:us-east-1:123456789012:parameter/stacks/aws-openai/openai-api-key" }
}

mock_resource "aws_dynamodb_table" {
  defaults = { arn = "arn:aws:dynamodb:us-east-1:123456789012:table/aws-openai-memory" }
}

mock_resource "aws_s3_bucket" {
  defaults = { arn = "arn:aws:s3:::aws-openai-plugins-123456789012" }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/api"
    domain_validation_options = [{
      domain_name           = "api.example.com"
      resource_record_name  = "_x.api.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_y.acm-validations.aws."
    }]
  }
}

override_resource {
  target = aws_cloudwatch_log_group.api_access
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/aws-openai/v1/access" }
}

override_resource {
  target = aws_lambda_function.this["openai_v2"]
  values = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_v2"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_v2/invocations"
  }
}

override_resource {
  target = aws_iam_role.function["openai_v2"]
  values = {
    id  = "aws-openai-openai_v2"
    arn = "arn:aws:iam::123456789012:role/aws-openai-openai_v2"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["openai_v2"]
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-openai_v2" }
}

override_resource {
  target = aws_lambda_function.this["langchain"]
  values = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-langchain"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aws-openai-langchain/invocations"
  }
}

override_resource {
  target = aws_iam_role.function["langchain"]
  values = {
    id  = "aws-openai-langchain"
    arn = "arn:aws:iam::123456789012:role/aws-openai-langchain"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["langchain"]
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-langchain" }
}

override_resource {
  target = aws_lambda_function.this["openai_function"]
  values = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_function"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_function/invocations"
  }
}

override_resource {
  target = aws_iam_role.function["openai_function"]
  values = {
    id  = "aws-openai-openai_function"
    arn = "arn:aws:iam::123456789012:role/aws-openai-openai_function"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["openai_function"]
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-openai_function" }
}

override_resource {
  target = aws_lambda_function.this["openai_compat"]
  values = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_compat"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aws-openai-openai_compat/invocations"
  }
}

override_resource {
  target = aws_iam_role.function["openai_compat"]
  values = {
    id  = "aws-openai-openai_compat"
    arn = "arn:aws:iam::123456789012:role/aws-openai-openai_compat"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["openai_compat"]
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-openai_compat" }
}

override_resource {
  target = aws_lambda_function.this["info"]
  values = {
    arn        = "arn:aws:lambda:us-east-1:123456789012:function:aws-openai-info"
    invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aws-openai-info/invocations"
  }
}

override_resource {
  target = aws_iam_role.function["info"]
  values = {
    id  = "aws-openai-info"
    arn = "arn:aws:iam::123456789012:role/aws-openai-info"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["info"]
  values = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/aws-openai-info" }
}

mock_resource "aws_lambda_layer_version" {
  defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:layer:aws-openai-plugins:1" }
}
