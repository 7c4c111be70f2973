package io.livecomments.adapters.rest.websocket;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the headers of a proxy-style integration call ({@link GatewayEvents}), which the
 * controller reads from the request as a whole and the OpenAPI generator therefore cannot see.
 * {@code X-Request-Id}, which carries {@code context.requestId}, is documented on every operation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(
    name = GatewayEvents.CONNECTION_ID,
    in = ParameterIn.HEADER,
    ref = "#/components/parameters/X-Connection-Id")
@Parameter(
    name = GatewayEvents.EVENT_TYPE,
    in = ParameterIn.HEADER,
    ref = "#/components/parameters/X-Event-Type")
@Parameter(
    name = GatewayEvents.ROUTE_KEY,
    in = ParameterIn.HEADER,
    ref = "#/components/parameters/X-Route-Key")
@interface ProxyStyleHeaders {}
