package io.carillon.token;

import io.carillon.platform.ServiceWithoutKafkaContract;
import io.carillon.testkit.UnreachableKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(UnreachableKafka.class)
class TokenServiceWithoutKafkaTest extends ServiceWithoutKafkaContract {
}
