/**
 * The development issuer: OpenID Connect sign-in for the dashboard and OAuth2 tokens for
 * the APIs, signed with a fixed key the services trust under the profile
 * {@code dev-issuer}.
 */
package com.opencar.car.devissuer;
