package org.lmc.funding;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.lmc.testing.LmcTestStack;
import org.lmc.testing.ServiceConventionsTest;

@QuarkusTest
@QuarkusTestResource(value = LmcTestStack.class, initArgs = @ResourceArg(name = "database", value = "funding"))
class FundingServiceConventionsTest extends ServiceConventionsTest {
    @Override
    protected String openApiTitle() {
        return "LMC funding-service";
    }
}
