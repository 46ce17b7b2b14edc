# Copied next to the stack for the apply test only: every AWS endpoint is moto_server on loopback, in a
# network namespace of its own, so nothing can reach AWS. moto accepts any credentials.

provider "aws" {
  access_key                  = "moto"
  secret_key                  = "moto"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true

  endpoints {
    apigateway = "http://127.0.0.1:5000"
    acm        = "http://127.0.0.1:5000"
    cloudwatch = "http://127.0.0.1:5000"
    dynamodb   = "http://127.0.0.1:5000"
    iam        = "http://127.0.0.1:5000"
    kms        = "http://127.0.0.1:5000"
    lambda     = "http://127.0.0.1:5000"
    logs       = "http://127.0.0.1:5000"
    route53    = "http://127.0.0.1:5000"
    s3         = "http://127.0.0.1:5000"
    sns        = "http://127.0.0.1:5000"
    ssm        = "http://127.0.0.1:5000"
    sts        = "http://127.0.0.1:5000"
  }
}
