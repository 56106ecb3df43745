package org.kaphub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Bodies sent to /fhir larger than {@code kap.security.fhir-max-request-size} are refused before anything reads
 * them: 413 with an OperationOutcome when Content-Length says so; a chunked body is cut off at the limit. A
 * compressed body (Content-Encoding) is refused with 415: its size says nothing of what it inflates to.
 */
@Configuration
class FhirRequestSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> fhirRequestSizeLimitFilter(SecurityProperties properties) {
        long max = properties.fhirMaxRequestSize().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > max) {
                    refuse(response, 413, "too-costly", "Request body larger than " + max + " bytes");
                    return;
                }
                String encoding = request.getHeader("Content-Encoding");
                if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
                    // HAPI would inflate a gzip body whole in memory, past this limit: a small upload, gigabytes.
                    refuse(response, 415, "not-supported", "Content-Encoding " + encoding.trim().split("[,;\\s]")[0]
                            + " is not accepted; send the body uncompressed");
                    return;
                }
                chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, max) : request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/fhir/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("fhirRequestSizeLimit");
        return registration;
    }

    /** A refusal as FHIR clients expect it: the status and an OperationOutcome; the connection is not reused. */
    private static void refuse(HttpServletResponse response, int status, String code, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"" + code + "\",\"diagnostics\":\"" + text.replace("\"", "'") + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    /** A body of unknown length, read at most up to the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > max) {
                        throw new IOException("Request body larger than " + max + " bytes");
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0 && (read += n) > max) {
                        throw new IOException("Request body larger than " + max + " bytes");
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
