# The service's image for those who build with Docker, and the CDK stack's fallback when no
# imageUri is given (cdk deploy builds it from this folder). Jib builds the same image without
# Docker: ./mvnw -pl bootstrap jib:build (bootstrap/pom.xml). .dockerignore keeps build output,
# data and Git history out of the build context.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed modules cost a download.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package -pl bootstrap -am

FROM eclipse-temurin:17-jre
COPY --from=build /src/bootstrap/target/livecomments.jar /app/livecomments.jar
# Heap as a share of the container's memory, so one image fits any task size (on the stack's
# 1 GB task: 768 MB heap, the rest for metaspace, threads and Netty's direct buffers); a JVM out of
# memory exits and is replaced rather than limping on.
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Only the embedded store writes to disk; any user may write under /tmp.
ENV LIVECOMMENTS_DATA_DIR=/tmp/livecomments-data
EXPOSE 8080
# Not root: a numeric user needs no account in the image (the same user as Jib's image).
USER 65532:65532
WORKDIR /app
ENTRYPOINT ["java", "-jar", "/app/livecomments.jar"]
