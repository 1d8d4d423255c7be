/** Small network helpers shared by the operations, the demo and the tests (a free TCP port). */
package io.webappupgrade.net;
