/**
 * Whether each consuming and publishing path progresses, and health that says when one
 * does not.
 */
package com.opencar.car.process.progress;
