package io.livecomments.adapters.rest.docs;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the optional {@code X-Request-Id} request header on an operation. Every operation
 * accepts it (a filter reads it for all routes, not the controllers), so the OpenAPI generator
 * cannot see it; this stereotype says it once for all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(
    name = "X-Request-Id",
    in = ParameterIn.HEADER,
    ref = "#/components/parameters/X-Request-Id")
public @interface RequestIdHeader {}
