from committee_record import (  # noqa: F401 (fixtures)
    clerk,
    clerk_client,
    january,
    october,
    safermk,
)
