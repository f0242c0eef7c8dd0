package io.carillon.signaling;

import io.carillon.testkit.RealKafka;
import io.carillon.platform.ServiceOnRealKafkaContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealKafka.class)
class SignalingServiceOnKafkaTest extends ServiceOnRealKafkaContract {
}
