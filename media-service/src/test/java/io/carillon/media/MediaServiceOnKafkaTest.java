package io.carillon.media;

import io.carillon.testkit.RealKafka;
import io.carillon.platform.ServiceOnRealKafkaContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealKafka.class)
class MediaServiceOnKafkaTest extends ServiceOnRealKafkaContract {
}
